"""Every text the classroom server shows a trainee or the trainer (one place to change them)."""

CLASS_FULL = (
    "The class is full: {n} sessions are running (the server's --max-sessions). Ask your trainer."
)
BAD_CODE = "That is not the class code. Ask your trainer for it."
TOO_MANY_CODES = "Too many wrong class codes from this address: wait a minute, then try again."
BAD_NAME = "A name is {rule}."
OUTPUT_RATE = (
    "Output paused for a moment: a session may print at most {kb} KB a second "
    "(the server's --output-rate)."
)
SESSION_ENDED = "Your lab session ended. Your lab is kept: press Enter to start it again."
SESSION_FAILED = (
    "Your lab session stopped (exit status {status}). Your lab is kept: press Enter to "
    "start it again."
)
OUT_OF_MEMORY = (
    "Your lab session ran out of memory: a session may use at most {mb} MB "
    "(the server's --memory). Your lab is kept: press Enter to start it again."
)
IDLE = (
    "Disconnected after {duration} without a keystroke (the server's --idle-timeout). "
    "Your lab is kept: sign in again to go on."
)
RESET = "The trainer reset your lab: it is back at its start. Press Enter to begin again."
SERVER_STOPPED = "The class server stopped. Your lab is kept: sign in again when it is back."
SSH_NEED_PTY = "netshpy serve: this class needs a terminal (use ssh -t, without a command).\r\n"
SSH_WELCOME = "netshpy classroom: lab {lab}, trainee {name}.\r\n"
TRAINER_REFUSED = "This page needs the trainer token (the server printed it when it started)."


def duration(seconds: float) -> str:
    """``30 minutes``, ``1 minute``, ``45 seconds``."""
    if seconds >= 60:
        n, unit = round(seconds / 60), "minute"
    else:
        n, unit = max(1, round(seconds)), "second"
    return f"{n} {unit}{'' if n == 1 else 's'}"
