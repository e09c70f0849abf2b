"""Every text netsh prints that is not help or data: one table.

A real capture that proves a text wrong is fixed here and nowhere else.
Entries marked RECONSTRUCTED have no known capture; ``docs/fidelity.md``
lists them.
"""

from __future__ import annotations

from .records import dataclass

# Generic netsh shell texts [V].
COMMAND_NOT_FOUND = "The following command was not found: {line}."
INVALID_ARGUMENT = "'{arg}' is not a valid argument for this command."
BAD_SYNTAX = "The syntax supplied for this command is not valid. Check help for the correct syntax."
MISSING_PARAMETERS = (
    "One or more essential parameters were not entered.\n"
    "Verify the required parameters, and reenter them."
)
OK = "Ok."

# Help listing texts [V].
HELP_HEADER = "The following commands are available:"
HELP_COMMANDS = "Commands in this context:"
HELP_SUBCONTEXTS = "The following sub-contexts are available:"
HELP_TRAILER = (
    "To view help for a command, type the command, followed by a space, and then\n type ?."
)

# Shell-level texts with no known capture: RECONSTRUCTED.
SCRIPT_NOT_FOUND = "The system cannot find the file specified."
MODE_ONLINE = "online"
MODE_OFFLINE = "offline"
MODE_IS = "The current mode is: {mode}"
NO_OFFLINE_COMMANDS = "There are no commands queued in offline mode."
HELPER_ALREADY = "Helper {dll} is already installed."
HELPER_NOT_INSTALLED = "Helper {dll} is not installed."
HELPER_INSTALLED = "Ok."
ALIAS_NOT_FOUND = "The alias '{name}' was not found."
STACK_EMPTY = "The context stack is empty."
MACHINE_UNREACHABLE = "The following helper is not available on {machine}: Network Path Not Found."
MACHINE_SET = "Ok."
INTERACTIVE_ONLY = "The following command was not found: {line}."

# Windows system messages (FormatMessage texts of Win32 error codes) for the
# emulated drives (netshpy/computer/drives.py).
WINDOWS_ERRORS = {
    2: "The system cannot find the file specified.",
    3: "The system cannot find the path specified.",
    5: "Access is denied.",
    15: "The system cannot find the drive specified.",
    53: "The network path was not found.",
    123: "The filename, directory name, or volume label syntax is incorrect.",
    145: "The directory is not empty.",
    183: "Cannot create a file when that file already exists.",
    206: "The filename or extension is too long.",
    267: "The directory name is invalid.",
}

# The :copy emulator command (netshpy's own texts).
COPY_USAGE = (
    "netshpy: usage: :copy host:HOSTPATH DRIVEPATH | :copy DRIVEPATH host:HOSTPATH\n"
    "  copies a file between this machine (host:) and the emulated computer's drives,\n"
    "  e.g. :copy host:policy.ipsec C:\\Policies   or   :copy C:\\dump.txt host:dump.txt"
)
COPY_DONE = "netshpy: copied {source} to {target}"
COPY_FAILED = "netshpy: cannot copy {path}: {error}"

# Simulated cmd.exe [V].
CMD_NOT_RECOGNIZED = (
    "'{name}' is not recognized as an internal or external command,\n"
    "operable program or batch file."
)
CMD_ECHO_ON = "ECHO is on."

# ipseccmd (XP Support Tools) / ipsecpol (2000 Resource Kit): no legitimate
# capture of any of their messages is known (reference §12), so every text here
# is netshpy's own (RECONSTRUCTED, docs/fidelity/computer.md).
TOOL_ERROR = "Error: {reason}."
TOOL_SERVICE_STOPPED = "the {name} service is not running"
TOOL_UNREACHABLE = "cannot reach \\\\{computer}: The RPC server is unavailable"
TOOL_NOT_FOR_2000 = "ipseccmd cannot configure Windows 2000 computers; use ipsecpol there"
TOOL_NO_DOMAIN = "this computer is not a member of a domain (-w DS needs one)"
TOOL_NO_POLICY = "there is no policy {policy} in the {store} store"
TOOL_NO_RULE = "the policy {policy} has no rule {rule}"
TOOL_CONFIRM = "Are you sure you want to change the IPSec policy (Y/N)? Y"
TOOL_NO_DYNAMIC_POLICY = "There are no dynamic policies."
TOOL_GPO_NONE = "No IPSec policy is assigned."
TOOL_GPO_LOCAL = "Local IPSec Policy Active: '{policy}'"
TOOL_GPO_DOMAIN = "Domain IPSec Policy Active: '{policy}'"

# More of cmd.exe and its programs [V: standard Windows texts].
CMD_PATH_NOT_FOUND = "The system cannot find the path specified."
CMD_FILE_NOT_FOUND = "File Not Found"
CMD_FILE_NOT_FOUND_TYPE = "The system cannot find the file specified."
CMD_SYNTAX_INCORRECT = "The syntax of the command is incorrect."
CMD_HELP_HEADER = "For more information on a specific command, type HELP command-name"
IPCONFIG_TITLE = "Windows IP Configuration"
IPCONFIG_TITLE_2000 = "Windows 2000 IP Configuration"  # TechNet cc940124 sample report
IPCONFIG_BAD = "Error: unrecognized or incomplete command line."
PING_HEADER = "Pinging {target} with 32 bytes of data:"
PING_REPLY = "Reply from {address}: bytes=32 time<1ms TTL=128"
PING_TIMEOUT = "Request timed out."
PING_NEGOTIATING = "Negotiating IP Security."
PING_UNKNOWN_HOST = "Ping request could not find host {name}. Please check the name and try again."
PING_STATS = (
    "Ping statistics for {address}:\n"
    "    Packets: Sent = 4, Received = {received}, Lost = {lost} ({percent}% loss),"
)
PING_TIMES = (
    "Approximate round trip times in milli-seconds:\n"
    "    Minimum = 0ms, Maximum = 0ms, Average = 0ms"
)
PING_USAGE = "Usage: ping [-t] [-a] [-n count] [-l size] target_name"

# netsh on Windows 2000/XP: a helper context netshpy lists but does not emulate
# (netshpy's own words, docs/fidelity/computer.md).
CONTEXT_NOT_EMULATED = (
    "netshpy does not emulate the `netsh {context}' context; on this computer it "
    "emulates IPsec only."
)


@dataclass(frozen=True)
class IpsecError:
    """An ``ERR IPsec[050xx]`` message of the ipsec helper."""

    code: int
    text: str

    def format(self, **values: object) -> str:
        """The printed line, with *values* filled into the text."""
        return f"ERR IPsec[{self.code:05d}] : {self.text.format(**values)}"


# ipsec helper errors. Codes with a meaning found in third-party code are
# marked 3P; their texts, the separator and every other entry are
# RECONSTRUCTED (no capture of the text is public).
IPSEC = {
    "policy_exists": IpsecError(5005, 'Policy with name "{name}" already exists.'),  # 3P
    "filterlist_exists": IpsecError(5010, 'FilterList with name "{name}" already exists.'),  # 3P
    "filteraction_exists": IpsecError(
        5014, 'FilterAction with name "{name}" already exists.'
    ),  # 3P
    "rule_exists": IpsecError(
        5020, 'Rule with name "{name}" already exists in Policy "{policy}".'
    ),  # 3P
    "filterlist_missing": IpsecError(5049, 'FilterList with name "{name}" does not exist.'),  # 3P
    "no_filterlists": IpsecError(5067, "No FilterLists in Policy Store."),  # 3P
    "no_filteractions": IpsecError(5068, "No FilterActions in Policy Store."),  # 3P
    "no_policies": IpsecError(5072, "No Policies in Policy Store."),  # 3P
    "store_unavailable": IpsecError(5073, "Unable to open the Policy Store."),  # 3P
    "policy_missing": IpsecError(5021, 'Policy with name "{name}" does not exist.'),
    "filteraction_missing": IpsecError(5050, 'FilterAction with name "{name}" does not exist.'),
    "rule_missing": IpsecError(
        5022, 'Rule with name "{name}" does not exist in Policy "{policy}".'
    ),
    "rule_id_missing": IpsecError(5023, 'Rule with ID {id} does not exist in Policy "{policy}".'),
    "guid_missing": IpsecError(5024, "No object with GUID {guid} exists in the Policy Store."),
    "filter_missing": IpsecError(5051, 'No matching filter exists in FilterList "{name}".'),
    "filterlist_in_use": IpsecError(
        5052, 'FilterList "{name}" is used by a rule and cannot be deleted.'
    ),
    "filteraction_in_use": IpsecError(
        5053, 'FilterAction "{name}" is used by a rule and cannot be deleted.'
    ),
    "bad_value": IpsecError(5027, 'Invalid value "{value}" for tag "{tag}".'),
    "out_of_range": IpsecError(
        5028, 'Value "{value}" for tag "{tag}" is out of range. Valid range is {low}-{high}.'
    ),
    "below_minimum": IpsecError(
        5037, 'Value "{value}" for tag "{tag}" is out of range. It must be at least {low}.'
    ),
    "above_maximum": IpsecError(
        5038, 'Value "{value}" for tag "{tag}" is out of range. It must be at most {high}.'
    ),
    "bad_mmsec": IpsecError(5029, 'Invalid Main Mode security methods "{value}".'),
    "bad_qmsec": IpsecError(5030, 'Invalid Quick Mode security methods "{value}".'),
    "bad_rootca": IpsecError(5031, 'Invalid root certificate authority "{value}".'),
    "bad_address": IpsecError(5032, 'Invalid IP address "{value}".'),
    "dns_unresolved": IpsecError(5040, 'The DNS name "{name}" could not be resolved.'),
    "bad_mask": IpsecError(5033, 'Invalid mask "{value}".'),
    "unresolved_dns": IpsecError(5034, 'DNS name "{value}" could not be resolved.'),
    "server_needs_me": IpsecError(
        5035, "When a server type is given as one address, the other address must be me."
    ),
    "port_needs_tcp_udp": IpsecError(5036, "Ports can be specified only for TCP or UDP protocol."),
    "no_rules": IpsecError(5069, 'No Rules in Policy "{policy}".'),
    "file_invalid": IpsecError(
        5041, 'The file "{file}" is not a valid IPsec policy file: {reason}'
    ),
    "domain_unavailable": IpsecError(
        5074, "The domain store is not available: this computer is not a member of a domain."
    ),
    "no_gpo": IpsecError(5075, "No Group Policy object assigns an IPsec policy to this computer."),
    "store_corrupt": IpsecError(
        5076, 'The Policy Store "{path}" is corrupt or not a netshpy store; it was left untouched.'
    ),
    "service_stopped": IpsecError(5077, "The IPsec Services service is not running."),
    "mmpolicy_exists": IpsecError(5100, 'Main Mode policy "{name}" already exists.'),
    "qmpolicy_exists": IpsecError(5101, 'Quick Mode policy "{name}" already exists.'),
    "mmpolicy_missing": IpsecError(5102, 'Main Mode policy "{name}" does not exist.'),
    "qmpolicy_missing": IpsecError(5103, 'Quick Mode policy "{name}" does not exist.'),
    "rule_exists_dynamic": IpsecError(
        5104, "A rule with the same filter specification already exists."
    ),
    "rule_missing_dynamic": IpsecError(
        5105, "No rule with the specified filter specification exists."
    ),
    "policy_in_use": IpsecError(5106, 'Policy "{name}" is used by a rule and cannot be deleted.'),
    "qmpolicy_required": IpsecError(
        5107, "A quick mode policy is required when an action is negotiate."
    ),
    "no_mmpolicies": IpsecError(5108, "No Main Mode policies in SPD."),
    "no_qmpolicies": IpsecError(5109, "No Quick Mode policies in SPD."),
    "no_dynamic_rules": IpsecError(5110, "No rules in SPD."),
    "no_mmfilters": IpsecError(5111, "No Main Mode filters in SPD."),
    "no_qmfilters": IpsecError(5112, "No Quick Mode filters in SPD."),
    "bad_config_value": IpsecError(5113, 'Invalid value "{value}" for property "{property}".'),
    # ---- static store (issue 3), RECONSTRUCTED ----
    "gponame_domain_only": IpsecError(
        5080, "A GPO name can be set only for a policy in the domain store."
    ),
    "rule_name_missing": IpsecError(5081, 'Rule with name "{name}" does not exist.'),
    "store_busy": IpsecError(5082, "The Policy Store is in use by another program; try again."),
    "no_gpo_named": IpsecError(5083, 'No Group Policy object named "{name}" assigns a policy.'),
    # ---- dynamic SPD (issue 4), RECONSTRUCTED ----
    "no_mmsas": IpsecError(5114, "No Main Mode SAs in SPD."),
    "no_qmsas": IpsecError(5115, "No Quick Mode SAs in SPD."),
    "mmfilter_missing": IpsecError(5116, 'Main Mode filter "{name}" does not exist.'),
    "qmfilter_missing": IpsecError(5117, 'Quick Mode filter "{name}" does not exist.'),
}


def ipsec(key: str, **values: object) -> str:
    """The formatted ``ERR IPsec`` line for *key*."""
    return IPSEC[key].format(**values)


# Root commands, RECONSTRUCTED.
HELPER_BUILTIN = "Helper {dll} provides the {context} context and cannot be removed in netshpy."
DUMP_HEADER = (
    "# ----------------------------------\n"
    "# netshpy configuration script\n"
    "# ----------------------------------"
)


# ---- IPsec service in the simulated command prompt (issue 4) ----
# net.exe texts [M: as remembered from Windows Server 2003 consoles].
NET_STOPPING = "The {name} service is stopping."
NET_STOPPED = "The {name} service was stopped successfully."
NET_STARTING = "The {name} service is starting."
NET_STARTED = "The {name} service was started successfully."
NET_NOT_STARTED = "The {name} service is not started."
NET_ALREADY_STARTED = "The requested service has already been started."
NET_INVALID_NAME = "The service name is invalid."
NET_HELPMSG = "More help is available by typing NET HELPMSG {code}."
NET_STARTED_LIST = "These Windows services are started:"
NET_COMPLETED = "The command completed successfully."
NET_SYNTAX = (
    "The syntax of this command is:\n"
    "\n"
    "NET [ ACCOUNTS | COMPUTER | CONFIG | CONTINUE | FILE | GROUP | HELP |\n"
    "      HELPMSG | LOCALGROUP | PAUSE | SESSION | SHARE | START |\n"
    "      STATISTICS | STOP | TIME | USE | USER | VIEW ]"
)
NET_STOP_SYNTAX = "The syntax of this command is:\n\nNET STOP\nservice"
# sc.exe texts [M].
SC_QUERY_FAILED = "[SC] EnumQueryServicesStatus:OpenService FAILED 1060:"
SC_OPEN_FAILED = "[SC] OpenService FAILED 1060:"
SC_NO_SUCH_SERVICE = "The specified service does not exist as an installed service."
SC_STOP_FAILED = "[SC] ControlService FAILED 1062:"
SC_NOT_STARTED = "The service has not been started."
SC_START_FAILED = "[SC] StartService FAILED 1056:"
SC_ALREADY_RUNNING = "An instance of the service is already running."
SC_USAGE = (
    "DESCRIPTION:\n"
    "        SC is a command line program used for communicating with the\n"
    "        NT Service Controller and services.\n"
    "USAGE:\n"
    "        sc <server> [command] [service name] <option1> <option2>..."
)
# shutdown.exe [M]: /r restarts the emulated computer and prints nothing.
SHUTDOWN_USAGE = (
    "Usage: shutdown [-i | -l | -s | -r | -a] [-f] [-m \\\\computername] [-t xx] "
    '[-c "comment"] [-d up:xx:yy]'
)
# netsh ipsec dynamic dump header, RECONSTRUCTED.
DYNAMIC_DUMP_HEADER = (
    "# ------------------------------------------\n"
    "# IPSec dynamic configuration (SPD and config)\n"
    "# ------------------------------------------"
)
# sc query/stop/start status block [M]; PolicyAgent runs inside lsass.exe on 2003.
SC_STATUS = (
    "\n"
    "SERVICE_NAME: {name}\n"
    "        TYPE               : 20  WIN32_SHARE_PROCESS\n"
    "        STATE              : {state}\n"
    "                                ({controls})\n"
    "        WIN32_EXIT_CODE    : 0  (0x0)\n"
    "        SERVICE_EXIT_CODE  : 0  (0x0)\n"
    "        CHECKPOINT         : 0x0\n"
    "        WAIT_HINT          : {wait_hint}"
)
SC_PID = "        PID                : {pid}\n        FLAGS              :"
NET_SERVICES_STARTED = (
    "Automatic Updates",
    "COM+ Event System",
    "Computer Browser",
    "DHCP Client",
    "DNS Client",
    "Event Log",
    "IPSEC Services",
    "Logical Disk Manager",
    "Net Logon",
    "Network Connections",
    "Plug and Play",
    "Protected Storage",
    "Remote Procedure Call (RPC)",
    "Security Accounts Manager",
    "Server",
    "Windows Management Instrumentation",
    "Workstation",
)


# ---- transcript (emulator-only texts: replay, record, export) ----
TRANSCRIPT_BAD_REGEX = "not a valid regular expression: {error}"
REGEX_TOO_DEEP = "groups nested too deeply"
TRANSCRIPT_BAD_HEADER = "unknown header line; use '#! key: value' with a key among: {keys}"
TRANSCRIPT_EMPTY_HEADER = "header '{key}' needs a value"
TRANSCRIPT_BAD_COMPUTER = "not a valid computer name: {name}"
TRANSCRIPT_CONNECT_NO_LAB = "'#! connect:' names a lab computer: it needs a '#! lab:' header"
TRANSCRIPT_CONNECT_UNKNOWN = "'#! connect: {name}': the lab has no computer {name}"
TRANSCRIPT_BAD_OS = (
    "netshpy emulates Windows 2000, Windows XP, Windows XP SP2 and Windows Server 2003, not: {os}"
)
TRANSCRIPT_BAD_CLOCK = "not an ISO date and time: {clock}"
TRANSCRIPT_BAD_PSK = "the preshared key must have at least 4 characters and not be ***"
TRANSCRIPT_NO_PROMPT = (
    "no prompt line: a transcript needs at least one line such as 'netsh>show mode'"
)
TRANSCRIPT_MISSING = (
    "the command printed output but the transcript expects none "
    "(missing expectation); run with --update to record it"
)
TRANSCRIPT_PROMPT_DIFFERS = "the prompt differs"
TRANSCRIPT_OUTPUT_DIFFERS = "the output differs"
TRANSCRIPT_ENDED = "(the console session had already ended)"
LINE_TOO_LONG = "netshpy: line skipped: longer than {limit} characters"
TRANSCRIPT_CRASH = "netshpy: internal error while running this line: {error}"
TRANSCRIPT_NO_FILES = "no transcript matches {pattern}"
TRANSCRIPT_PASSED = "{path}: ok ({count} commands)"
TRANSCRIPT_FAILED = "{path}: FAILED ({failed} of {count} commands differ)"
TRANSCRIPT_UPDATED = "{path}: updated ({failed} of {count} commands rewritten)"
TRANSCRIPT_SUMMARY = "{passed} passed, {failed} failed"
TRANSCRIPT_SUMMARY_UPDATED = "{passed} passed, {updated} updated, {failed} failed"
SCRIPT_SAVED = "netshpy: {count} netsh lines saved to {path} (run them with netsh -f)"
TRANSCRIPT_SAVED = "netshpy: {count} commands saved to {path}"
TRANSCRIPT_RECORDING = "netshpy: recording to {path}"
TRANSCRIPT_RECORDING_OFF = "netshpy: recording stopped ({path})"
TRANSCRIPT_NOT_RECORDING = "netshpy: not recording"
TRANSCRIPT_CANNOT_WRITE = "netshpy: cannot write {path}: {error}"
TRANSCRIPT_EXPORTED = "netshpy: {count} commands exported to {path}"
TRANSCRIPT_RECORDED_BY = "#| Recorded with netshpy {version}."
# A replay confines the host files of ':' commands to its scratch folder (hostfiles.py):
# the reason shown after "netshpy: cannot write PATH: ".
HOST_PATH_CONFINED = "outside the replay's scratch folder"
HOST_FILE_CANNOT_READ = "netshpy: cannot read {path}: {error}"
TRANSCRIPT_LAB_OUTSIDE = (
    "'#! lab: {name}' is outside the transcript's folder and not a shipped lab; "
    "a replay opens only lab files in the transcript's folder or below it"
)
TRANSCRIPT_LAB_MISSING = (
    "'#! lab: {name}': no such lab file in the transcript's folder and no shipped lab of that name"
)
TRANSCRIPT_REGEX_TIMEOUT = (
    "pattern took longer than {seconds:g} s to match; counted as not matching"
)

# ---- REPL area: emulator-only commands (never netsh text) -----------------
REPL_TREE_USAGE = "netshpy: usage: :tree [policy]"
REPL_TREE_TITLE = "IPsec policies ({location} store)"
REPL_TREE_EMPTY = "(no policies)"
REPL_NO_STORE = (
    "netshpy: the static policy store is not available in this build, so :tree has nothing to show."
)
REPL_STORE_FAILED = "netshpy: could not read the static store: {error}"
REPL_NO_POLICY = "netshpy: no policy named '{name}' in the current store."
REPL_HISTORY_USAGE = "netshpy: usage: :history [N | clear]"
REPL_HISTORY_EMPTY = "netshpy: the history is empty."
REPL_HISTORY_CLEARED = "netshpy: history cleared."
REPL_CONFIG_USAGE = "netshpy: usage: :config"
REPL_CONFIG_FILE = "Config file: {path}{state}"
REPL_CONFIG_MISSING = " (not written yet; the defaults apply)"
REPL_CONFIG_NO_COLOR = "  (NO_COLOR is set: colours are off)"

# ---- labs (emulator-only texts; never netsh output) ----------------------------------
LAB_NONE = "netshpy: no lab is loaded (start one with: netshpy --lab NAME|FILE, e.g. --lab nat-t)."
LAB_ERROR = "netshpy: {text}"
LAB_CONNECTED = "Now at {name}."
LAB_CONNECTED_NO_NETSH_IPSEC = (
    "{os} has no netsh ipsec: its IPsec tool is {tool}, at its command prompt "
    "(here: :cmd {tool} ...; or netshpy --lab {lab} --connect {name})."
)
LAB_RESET = "Every computer of the lab is back in its starting state."
LAB_RESTARTED = "The IPsec service of {name} was restarted (dynamic changes are gone)."
LAB_REBOOTED = "{name} restarted."
LAB_REBOOT_HOLD = (
    "{name} restarted and waits in startup security (boot mode {mode}) before the IPsec "
    "service applies policy; :restart {name} starts the service."
)
LAB_RESULT_WRITTEN = "Result written to {path} ({score}/{total} points)."
LAB_RESULT_FAILED = "netshpy: cannot write {path}: {reason}"
LAB_BANNER = "Lab: {name} ({count} computers; you are at {start}). Type :lab, :check, :hint, :help."
BAD_USAGE_LAB = "netshpy: usage: {usage}"

# ---- captures (emulator-only texts; never netsh output) ------------------------------
CAPTURE_STARTED = "Capturing on {where}. Send traffic (:ping, :send), then :capture show."
CAPTURE_STOPPED = "Capture on {where} stopped: {count} frame(s). :capture show, :capture save FILE."
CAPTURE_NONE = "netshpy: there is no capture (:capture start [NETWORK|COMPUTER|*] first)."
CAPTURE_SAVED = "{count} frame(s) written to {path} ({format}: Wireshark and tshark open it)."
CAPTURE_SAVE_FAILED = "netshpy: cannot write {path}: {reason}"

# ---- robustness (emulator-only texts; never netsh output) ----------------------------
CLOCK_NOT_ISO = "not an ISO date and time: {clock}"
CLOCK_OUT_OF_RANGE = "{clock} is outside the dates netshpy emulates (years {first} to {last})"
STATE_FAILED = "netshpy: cannot use the emulated computer's state: {error}"
STATE_DIR_FAILED = "cannot use {path} as the state folder: {error}"
SPEC_BROKEN = "netshpy: the installed command specs (contexts/) are damaged: {error}"
INTERNAL_ERROR = "netshpy: internal error (please report it): {error}"
OUT_OF_MEMORY = "netshpy: out of memory"  # a limit of the system or of the classroom
SCRIPT_UNREADABLE = "netshpy: cannot read {path}: {error}"

# ---- :snapshot (emulator-only texts) ----
SNAPSHOT_USAGE = "netshpy: usage: :snapshot save NAME | restore NAME | delete NAME | list"
SNAPSHOT_NONE = "netshpy: no snapshots saved yet (:snapshot save NAME)."
SNAPSHOT_SAVED = "netshpy: the computer's state was saved as snapshot '{name}'."
SNAPSHOT_RESTORED = (
    "netshpy: the computer is back as in snapshot '{name}' (stores, SPD and configuration)."
)
SNAPSHOT_DELETED = "netshpy: snapshot '{name}' deleted."
SNAPSHOT_MISSING = "netshpy: there is no snapshot called '{name}'."


# ---- gpresult (Group Policy Result tool v2.0), RECONSTRUCTED (issue 16) ----
GPRESULT_BANNER = "Microsoft (R) Windows (R) Operating System Group Policy Result tool v2.0"
GPRESULT_COPYRIGHT = "Copyright (C) Microsoft Corp. 1981-2001"
GPRESULT_INVALID = "ERROR: Invalid argument/option - '{arg}'.\nType \"GPRESULT /?\" for usage."
GPRESULT_VALUE_EXPECTED = (
    "ERROR: Invalid syntax. Value expected for '{option}'.\nType \"GPRESULT /?\" for usage."
)
GPRESULT_BAD_SCOPE = (
    "ERROR: Invalid value '{value}' for '/scope'. Valid values are 'USER' and 'COMPUTER'.\n"
    'Type "GPRESULT /?" for usage.'
)
GPRESULT_NEEDS_S = (
    'ERROR: Invalid syntax. /U and /P can be specified only with /S.\nType "GPRESULT /?" for usage.'
)
GPRESULT_REMOTE_FAILED = "ERROR: The RPC server is unavailable."
GPRESULT_USAGE = """
GPRESULT [/S system [/U username [/P [password]]]] [/SCOPE scope]
           [/USER targetusername] [/V | /Z]

Description:
    This command line tool displays the Resultant Set of Policy (RSoP)
    information for a target user and computer.

Parameter List:
    /S        system           Specifies the remote system to connect to.

    /U        [domain\\]user    Specifies the user context under which the
                               command should run.

    /P        [password]       Specifies the password for the given user
                               context. Prompts for input if omitted.

    /SCOPE    scope            Specifies whether the user or the
                               computer settings need to be displayed.
                               Valid values: "USER", "COMPUTER".

    /USER     [domain\\]user    Specifies the user name for which the
                               RSOP data is to be displayed.

    /V                         Specifies that verbose information should
                               be displayed. Verbose information provides
                               additional detailed settings that have
                               been applied with a precedence of 1.

    /Z                         Specifies that the super-verbose
                               information should be displayed. Super-
                               verbose information provides additional
                               detailed settings that have been applied
                               with a precedence of 1 and higher. This
                               allows you to see if a setting was set in
                               multiple places.

    /?                         Displays this help message.


Examples:
    GPRESULT
    GPRESULT /S system /USER targetusername /SCOPE computer
    GPRESULT /S system /U username /P password /SCOPE USER /V
    GPRESULT /S system /U username /SCOPE USER /Z
"""

# ---- wlbs / nlb (the NLB cluster control utility), RECONSTRUCTED (issue 16) ----
NLB_BANNER = "{tool} Cluster Control Utility V2.4 (c) 1997-2003 Microsoft Corporation."
NLB_CLUSTER = "Cluster {address}"
NLB_STOPPED = "Cluster operations stopped."
NLB_STARTED = "Cluster operations started."
NLB_DRAINING = "Connection draining started."
NLB_ALREADY_STOPPED = "Cluster operations are already stopped."
NLB_ALREADY_STARTED = "Cluster operations are already started."
NLB_QUERY_CONVERGED = (
    "Host {host} converged with the following host(s) as part of the cluster:\n{hosts}"
)
NLB_QUERY_DRAINING = (
    "Host {host} is draining: it serves its existing connections and accepts no new ones."
)
NLB_QUERY_STOPPED = "Host {host} is stopped and does not know the convergence state of the cluster."
NLB_NOT_INSTALLED = (
    "{tool} is not installed on this system or you do not have sufficient privileges to "
    "administer the cluster."
)
NLB_USAGE = """Usage: {tool} <command> [<cluster>[:<host>] [/PASSW [<password>]]]
<command>
  query      - query which hosts are currently part of the cluster
  start      - start cluster operations
  stop       - stop cluster operations
  drainstop  - finish all existing connections and stop cluster operations"""
