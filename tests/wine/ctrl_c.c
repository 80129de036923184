/* ctrl_c.exe TRIGGER RESULT -- COMMAND LINE
 * Starts COMMAND LINE in this console, in a process group of its own; when the file TRIGGER
 * exists, sends that group a CTRL_C_EVENT (what Windows sends on Ctrl-C when the console is not
 * in raw mode), waits for the program to end and writes its exit code, in hex, to RESULT.
 * Tests only: Wine 8 delivers CTRL_C_EVENT this way, but has no CTRL_BREAK_EVENT
 * (STATUS_NOT_IMPLEMENTED) and sends no CTRL_CLOSE_EVENT for a console on a Unix terminal. */
#include <windows.h>
#include <stdio.h>
#include <wchar.h>

static BOOL WINAPI ignore(DWORD event) { (void)event; return TRUE; }

int wmain(int argc, wchar_t **argv)
{
    wchar_t *command = wcsstr(GetCommandLineW(), L" -- ");
    STARTUPINFOW si = { sizeof(si) };
    PROCESS_INFORMATION pi;
    DWORD code = 0;
    FILE *result;

    if (argc < 4 || !command)
        return 10;
    if (!CreateProcessW(NULL, command + 4, NULL, NULL, FALSE, CREATE_NEW_PROCESS_GROUP, NULL,
                        NULL, &si, &pi))
        return 11;
    SetConsoleCtrlHandler(ignore, TRUE);
    while (GetFileAttributesW(argv[1]) == INVALID_FILE_ATTRIBUTES)
        if (WaitForSingleObject(pi.hProcess, 50) == WAIT_OBJECT_0)
            return 12;
    if (!GenerateConsoleCtrlEvent(CTRL_C_EVENT, pi.dwProcessId))
        return 13;
    if (WaitForSingleObject(pi.hProcess, 20000) != WAIT_OBJECT_0)
        return 14;
    GetExitCodeProcess(pi.hProcess, &code);
    if (!(result = _wfopen(argv[2], L"w")))
        return 15;
    fprintf(result, "%08lx\n", code);
    fclose(result);
    return 0;
}
