/* <tool>.exe ARGUMENTS: a stand-in, for the tests of legacy.cmd under Wine, for a Windows tool
 * that Wine lacks or only stubs (netsh, auditpol, secedit, sc, net, netstat, wmic, sqlcmd,
 * icacls, cscript, appcmd). It appends "<tool> ARGUMENTS" (its command line as cmd.exe passed
 * it, in UTF-8) to the file named by HL_STANDIN_LOG. It fails (exit code 1, and "FAILED" after
 * the line) when that line contains the text of HL_STANDIN_FAIL. Otherwise, when the folder it
 * is in holds <tool>-standin.cmd, it runs that script with the same arguments and exits with its
 * exit code; without one it succeeds. Tests only. */
#include <windows.h>
#include <stdio.h>
#include <wchar.h>

static void log_line(const wchar_t *log, const wchar_t *text, int failed)
{
    static char utf8[98304];
    FILE *f = _wfopen(log, L"ab");
    if (!f)
        return;
    if (WideCharToMultiByte(CP_UTF8, 0, text, -1, utf8, sizeof utf8, NULL, NULL) > 0)
        fprintf(f, "%s%s\n", utf8, failed ? " FAILED" : "");
    fclose(f);
}

int wmain(void)
{
    static wchar_t dir[MAX_PATH], log[MAX_PATH], fail[1024], script[MAX_PATH];
    static wchar_t line[32768], command[32768], cmd[MAX_PATH];
    wchar_t *name, *dot, *args = GetCommandLineW();
    STARTUPINFOW si = { sizeof(si) };
    PROCESS_INFORMATION pi;
    DWORD code = 0;
    int failed;

    GetModuleFileNameW(NULL, dir, MAX_PATH);
    name = wcsrchr(dir, L'\\');
    *name++ = 0;
    if ((dot = wcsrchr(name, L'.')))
        *dot = 0;
    /* The arguments: what follows the program name. */
    if (*args == L'"') {
        args = wcschr(args + 1, L'"');
        args = args ? args + 1 : L"";
    } else {
        while (*args && *args != L' ' && *args != L'\t')
            args++;
    }
    while (*args == L' ' || *args == L'\t')
        args++;
    _snwprintf(line, 32767, L"%ls %ls", name, args);
    failed = GetEnvironmentVariableW(L"HL_STANDIN_FAIL", fail, 1024) && *fail &&
             wcsstr(line, fail);
    if (GetEnvironmentVariableW(L"HL_STANDIN_LOG", log, MAX_PATH))
        log_line(log, line, failed);
    if (failed)
        return 1;
    _snwprintf(script, MAX_PATH - 1, L"%ls\\%ls-standin.cmd", dir, name);
    if (GetFileAttributesW(script) == INVALID_FILE_ATTRIBUTES)
        return 0;
    GetSystemDirectoryW(cmd, MAX_PATH);
    _snwprintf(command, 32767, L"\"%ls\\cmd.exe\" /d /c call \"%ls\" %ls", cmd, script, args);
    if (!CreateProcessW(NULL, command, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi))
        return 2;
    WaitForSingleObject(pi.hProcess, INFINITE);
    GetExitCodeProcess(pi.hProcess, &code);
    return (int)code;
}
