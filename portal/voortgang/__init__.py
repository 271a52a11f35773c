"""Feature: voortgang for gemeente regisseurs — the caseload, the signals engine, charts data and exports."""
