"""DPIA (AVG art. 35) on the CNIL PIA method, starting from the VNG model DPIA for the Wet inburgering 2021."""
