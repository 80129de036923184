@echo off
rem netstat for the tests: prints the connections in the file named by HL_STANDIN_NETSTAT.
if defined HL_STANDIN_NETSTAT type "%HL_STANDIN_NETSTAT%"
exit /b 0
