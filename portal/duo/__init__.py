"""The DUO chain (issue 15): what the gemeente must register at DUO per trajectory ID, DUO's own rules checked before
anything is sent, and what was sent. Pure rules in regels.py, the export in export.py, state changes in services.py."""
