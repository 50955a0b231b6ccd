"""Pure domain code: no Qt, no sockets, no SQL. Everything here is tested fast and reused by the CLI."""
