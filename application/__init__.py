"""The one way in: commands, queries and authorisation over the audit domain."""
