"""Captures of a lab's traffic: the frames Windows would put on each network segment.

A running capture observes every send of its lab and builds, with scapy,
the frames each segment carries (IKE main and quick mode, ESP, AH,
UDP-encapsulated ESP, clear traffic; rewritten by a NAT between its two
segments). ``:capture`` shows them like Network Monitor and saves them as a
pcap file Wireshark and tshark decode. scapy is imported only here, and only
when a capture runs (the ``capture`` extra: ``pip install netshpy[capture]``).
"""
