:begin
rem Starts the operation named by the argument: :applied, :same, :fail and :skip say how it
rem went, :end counts it.
set "HL_OP=%~1"
set "HL_STATE="
exit /b 0

:applied
if "%HL_STATE%"=="failed" exit /b 0
if "%HL_STATE%"=="skipped" exit /b 0
set "HL_STATE=applied"
exit /b 0

:same
if not defined HL_STATE set "HL_STATE=in place"
exit /b 0

:fail
echo FAILED %HL_OP%: %~1
set "HL_STATE=failed"
exit /b 0

:skip
if not "%HL_STATE%"=="failed" set "HL_STATE=skipped"
exit /b 0

:end
if "%HL_STATE%"=="applied" set /a HL_APPLIED+=1
if "%HL_STATE%"=="in place" set /a HL_INPLACE+=1
if "%HL_STATE%"=="skipped" set /a HL_SKIPPED+=1
if "%HL_STATE%"=="failed" set /a HL_FAILED+=1
if "%HL_STATE%"=="failed" set "HL_FAILED_IDS=%HL_FAILED_IDS% %HL_OP%"
exit /b 0

:service_key
rem Sets HL_SVC to the service's key name: the name given, or the service whose display name it
rem is (some documents give only that); empty when there is no such service.
set "HL_SVC="
sc.exe query "%~1" >nul 2>&1
if not errorlevel 1 set "HL_SVC=%~1"
if defined HL_SVC exit /b 0
for /f "tokens=3" %%s in ('sc.exe getkeyname "%~1" 2^>nul ^| find "="') do set "HL_SVC=%%s"
exit /b 0

:start_mode
rem Sets HL_MODE to the start type of service HL_SVC as sc.exe config writes it, read from the
rem registry (sc.exe qc prints no delayed start on 2008, and its words may be translated).
set "HL_MODE="
set "HL_START="
set "HL_DELAYED="
for /f "tokens=3" %%s in ('reg query "HKLM\SYSTEM\CurrentControlSet\Services\%HL_SVC%" /v Start 2^>nul ^| find "REG_DWORD"') do set "HL_START=%%s"
for /f "tokens=3" %%s in ('reg query "HKLM\SYSTEM\CurrentControlSet\Services\%HL_SVC%" /v DelayedAutostart 2^>nul ^| find "REG_DWORD"') do set "HL_DELAYED=%%s"
if "%HL_START%"=="0x0" set "HL_MODE=boot"
if "%HL_START%"=="0x1" set "HL_MODE=system"
if "%HL_START%"=="0x2" set "HL_MODE=auto"
if "%HL_START%"=="0x2" if "%HL_DELAYED%"=="0x1" set "HL_MODE=delayed-auto"
if "%HL_START%"=="0x3" set "HL_MODE=demand"
if "%HL_START%"=="0x4" set "HL_MODE=disabled"
exit /b 0

:save_service
rem Records the start type of a service for the undo; exit code 1 when it cannot be read.
call :service_key "%~1"
if not defined HL_SVC exit /b 0
call :start_mode
if not defined HL_MODE exit /b 1
>>"%HL_NEW%" echo service^|%HL_SVC%^|%HL_MODE%
exit /b 0

:set_service
rem Sets a service (1) to a start type (2, the word of sc.exe config), and stops it when the
rem third argument is stop.
rem A service that is not installed is in place: there is nothing to run.
call :service_key "%~1"
if defined HL_SVC goto :set_service_found
echo   %~1 is not installed: nothing to change.
call :same
exit /b 0
:set_service_found
call :start_mode
if "%HL_MODE%"=="%~2" call :same
if "%HL_MODE%"=="%~2" goto :set_service_stop
sc.exe config "%HL_SVC%" start= %~2 >nul
if errorlevel 1 (call :fail "sc.exe config %~2") else call :applied
:set_service_stop
if /i "%~3"=="stop" sc.exe stop "%HL_SVC%" >nul 2>&1
exit /b 0

:reg_dword
rem Sets a DWORD value (key 1, value 2, data 3) unless it holds that already.
set "HL_NOW="
for /f "tokens=3" %%v in ('reg query "%~1" /v "%~2" 2^>nul ^| find "REG_DWORD"') do set "HL_NOW=%%v"
if defined HL_NOW set /a HL_NOW=%HL_NOW% 2>nul
if "%HL_NOW%"=="%~3" (call :same) else (
  reg add "%~1" /v "%~2" /t REG_DWORD /d %~3 /f >nul
  if errorlevel 1 (call :fail "reg add %~2") else call :applied
)
exit /b 0

:save_port_2003
rem Records the opening of a port (protocol 1, port 2) in each profile of the Windows Server
rem 2003 firewall, read from its registry (the output of netsh is translated): scope, mode and
rem name, or a dash for none.
for %%P in (DOMAIN STANDARD) do call :save_port_2003_in %%P %~1 %~2
exit /b 0
:save_port_2003_in
rem One line of reg query: name, REG_SZ, then port:protocol:scope:mode:name, split at colons,
rem spaces and tabs (the reg.exe of 2003 separates with tabs; a tab last in delims breaks the
rem parse of Wine's cmd). No for /f inside another: Wine's cmd runs no inner loop over an outer
rem loop's text.
set "HL_SEEN="
for /f "tokens=6,7* delims=	: " %%a in ('reg query "HKLM\SYSTEM\CurrentControlSet\Services\SharedAccess\Parameters\FirewallPolicy\%~1Profile\GloballyOpenPorts\List" /v "%~3:%~2" 2^>nul ^| find "REG_SZ"') do (
  set "HL_SEEN=1"
  if /i "%%b"=="Enabled" >>"%HL_NEW%" echo port^|%~1^|%~3^|%~2^|%%a^|ENABLE^|%%c
  if /i not "%%b"=="Enabled" >>"%HL_NEW%" echo port^|%~1^|%~3^|%~2^|%%a^|DISABLE^|%%c
)
if not defined HL_SEEN >>"%HL_NEW%" echo port^|%~1^|%~3^|%~2^|-
exit /b 0

:close_port_2003
rem Closes a port (protocol 1, port 2) in each profile of the Windows Server 2003 firewall.
for %%P in (DOMAIN STANDARD) do call :close_port_2003_in %%P %~1 %~2
exit /b 0
:close_port_2003_in
reg query "HKLM\SYSTEM\CurrentControlSet\Services\SharedAccess\Parameters\FirewallPolicy\%~1Profile\GloballyOpenPorts\List" /v "%~3:%~2" >nul 2>&1
if errorlevel 1 (call :same) else (
  netsh firewall delete portopening protocol=%~2 port=%~3 profile=%~1 >nul
  if errorlevel 1 (call :fail "netsh firewall delete portopening %~3") else call :applied
)
exit /b 0

:rdp_guard
rem Refuses to turn Remote Desktop off while it is in use, unless run as: legacy.cmd force
if "%HL_FORCE%"=="1" exit /b 0
set "HL_RDP=0"
if /i "%SESSIONNAME:~0,7%"=="RDP-Tcp" set "HL_RDP=1"
call :connected 3389
if not errorlevel 1 set "HL_RDP=1"
if "%HL_RDP%"=="0" exit /b 0
echo REFUSED %HL_OP%: Remote Desktop is in use. Run "legacy.cmd force" to apply it anyway.
call :skip
exit /b 1

:port_guard
rem Refuses a change that restricts a port while a client is connected on it (cmd cannot
rem match addresses against subnets), unless run as: legacy.cmd force
if "%HL_FORCE%"=="1" exit /b 0
call :connected %~1
if errorlevel 1 exit /b 0
echo REFUSED %HL_OP%: a client is connected on port %~1 and this change restricts who may connect. Check plan.md, then run "legacy.cmd force".
call :skip
exit /b 1

:connected
rem Exit code 0 when a TCP connection uses the port. Without -a netstat lists connections only,
rem and the state column is not read: its words are translated (HERGESTELLT in German).
netstat -n -p tcp | find ":%~1 " >nul
exit /b %errorlevel%

:sql_findings
rem Shows the rows a check found, in the file named by the argument: each one is a finding.
set "HL_FOUND="
for /f "usebackq delims=" %%r in ("%~1") do (
  echo   found: %%r
  set "HL_FOUND=1"
)
if defined HL_FOUND (call :fail "the check found the rows above") else call :same
exit /b 0
