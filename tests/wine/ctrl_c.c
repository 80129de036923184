/* ctrl_c.exe TRIGGER RESULT -- PROGRAM ARGUMENTS...
 * Starts PROGRAM with ARGUMENTS in this console, in a process group of its own; when the file
 * TRIGGER exists, sends that group a CTRL_C_EVENT (what Windows sends on Ctrl-C when the console is not
 * in raw mode), waits for the program to end and writes its exit code, in hex, to RESULT.
 * Tests only: Wine 8 delivers CTRL_C_EVENT this way, but has no CTRL_BREAK_EVENT
 * (STATUS_NOT_IMPLEMENTED) and sends no CTRL_CLOSE_EVENT for a console on a Unix terminal. */
#include <windows.h>
#include <stdio.h>
#include <wchar.h>

static BOOL WINAPI ignore(DWORD event) { (void)event; return TRUE; }

int wmain(int argc, wchar_t **argv)
{
    static wchar_t command[32768];
    STARTUPINFOW si = { sizeof(si) };
    PROCESS_INFORMATION pi;
    DWORD code = 0;
    FILE *result;
    int i;

    if (argc < 5 || wcscmp(argv[3], L"--"))
        return 10;
    /* The command line of the program: its arguments, each quoted (none holds a quote). */
    for (i = 4; i < argc; i++) {
        if (i > 4)
            wcscat(command, L" ");
        wcscat(command, L"\"");
        wcscat(command, argv[i]);
        wcscat(command, L"\"");
    }
    if (!CreateProcessW(NULL, command, NULL, NULL, FALSE, CREATE_NEW_PROCESS_GROUP, NULL, NULL,
                        &si, &pi))
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
