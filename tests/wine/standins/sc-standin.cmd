@echo off
rem sc.exe for the tests: a service is a key under HKLM\SYSTEM\CurrentControlSet\Services with a
rem Start value, as on Windows; config writes Start and DelayedAutostart there.
set "KEY=HKLM\SYSTEM\CurrentControlSet\Services\%~2"
if /i "%~1"=="getkeyname" exit /b 1060
rem No || here: Wine's cmd runs what follows it whatever the exit code.
reg query "%KEY%" /v Start >nul 2>&1
if errorlevel 1 exit /b 1060
if /i not "%~1"=="config" exit /b 0
rem config "NAME" start= MODE: the equals sign separates arguments, so MODE is the fourth.
set "START="
set "DELAYED=0"
if /i "%~4"=="boot" set "START=0"
if /i "%~4"=="system" set "START=1"
if /i "%~4"=="auto" set "START=2"
if /i "%~4"=="delayed-auto" set "START=2"
if /i "%~4"=="delayed-auto" set "DELAYED=1"
if /i "%~4"=="demand" set "START=3"
if /i "%~4"=="disabled" set "START=4"
if not defined START exit /b 87
reg add "%KEY%" /v Start /t REG_DWORD /d %START% /f >nul
if errorlevel 1 exit /b 5
reg add "%KEY%" /v DelayedAutostart /t REG_DWORD /d %DELAYED% /f >nul
if errorlevel 1 exit /b 5
exit /b 0
