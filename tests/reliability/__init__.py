"""Reliability and security tests: a fault-injecting loopback server, and what must hold."""
