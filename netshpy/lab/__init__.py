"""Labs: several emulated computers, simulated IKE negotiation, graded exercises."""
