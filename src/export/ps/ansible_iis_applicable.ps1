# A task on a server without IIS is not applicable: it says so and changes nothing.
$why = Get-HlIisReason
if ($why) {
    $Ansible.Result = @{ state = 'not applicable'; why = $why }
    return
}
