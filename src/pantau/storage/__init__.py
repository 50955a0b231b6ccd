"""Storage: the SQLite workspace and the network file formats. I/O, but no Qt."""
