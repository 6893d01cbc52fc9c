"""Storage: the one place that makes connections, runs transactions and writes audit rows."""
