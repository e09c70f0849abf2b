"""pytest plugin of netshpy (entry point ``pytest11``); fixtures arrive with the API."""
