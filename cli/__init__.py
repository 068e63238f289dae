"""The ``assure`` command line."""
