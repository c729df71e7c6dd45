"""Tools for the production stack of scripts/stack.sh: mail sink, clients, load, report."""
