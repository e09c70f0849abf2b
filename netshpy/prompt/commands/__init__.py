"""One module per program (or family) of the command prompt; each registers itself."""
