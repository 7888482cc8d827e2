"""Exit statuses of the `koffer` command, shared by every subcommand."""

EXIT_OK = 0
EXIT_NO_PROFILE = 1
EXIT_STORE_ERROR = 2
EXIT_ABORTED = 3
EXIT_SYNC_FAILED = 4
