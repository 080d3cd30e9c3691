"""The hub console. Every page needs a password sign-in, a second factor and the capability
its view names (hubs/permissions.py)."""
