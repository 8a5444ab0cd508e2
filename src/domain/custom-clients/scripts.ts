import { ASSIGNMENT_FLAGS, type AssignmentField, type Platform } from './package-fields.js';
import { powerShellQuote, shQuote, windowsCommandLine } from './quoting.js';

export { ASSIGNMENT_FLAGS, type AssignmentField, PLATFORMS, type Platform } from './package-fields.js';
export type Assignments = Partial<Record<AssignmentField, string>>;

/** Everything the scripts need of a package, secrets unsealed. */
export interface ScriptInput {
  name: string;
  configString: string;
  /** Option key → value, in the order to set them. */
  options: ReadonlyArray<readonly [key: string, value: string]>;
  password: string | null;
  /** The assignments and the token that may make them; null when the package assigns nothing. */
  assign: { token: string; assignments: Assignments } | null;
}

/**
 * The RustDesk command lines of a package, as argument lists (after the program): the server config,
 * each option, the permanent password, the assignment. Stock clients have no locked settings, so default
 * and override options are both set with `--option`; where both name a key, the override wins.
 */
export function rustdeskCommands(input: ScriptInput): string[][] {
  const commands: string[][] = [['--config', input.configString]];
  for (const [key, value] of input.options) commands.push(['--option', key, value]);
  if (input.password !== null) commands.push(['--password', input.password]);
  if (input.assign) {
    const flags = ASSIGNMENT_FLAGS.flatMap((field) => {
      const value = input.assign?.assignments[field];
      return value === undefined || value === '' ? [] : [`--${field}`, value];
    });
    commands.push(['--assign', '--token', input.assign.token, ...flags]);
  }
  return commands;
}

/** The package's commands as one line each, ready to paste: a shell line, or a PowerShell one. */
export function commandLines(input: ScriptInput, platform: Platform): string[] {
  const commands = rustdeskCommands(input);
  if (platform === 'windows') {
    return commands.map(
      (args) =>
        `Start-Process -Wait -NoNewWindow -FilePath ${powerShellQuote(WINDOWS_BINARY)} -ArgumentList ${powerShellQuote(windowsCommandLine(args))}`,
    );
  }
  const binary = platform === 'macos' ? MACOS_BINARY : LINUX_BINARY;
  return commands.map((args) => [binary, ...args].map(shQuote).join(' '));
}

export const WINDOWS_BINARY = 'C:\\Program Files\\RustDesk\\rustdesk.exe';
export const LINUX_BINARY = '/usr/bin/rustdesk';
export const MACOS_BINARY = '/Applications/RustDesk.app/Contents/MacOS/RustDesk';

/** A file name for a package's script: its name reduced to safe characters. */
export function scriptFileName(name: string, platform: Platform): string {
  const base = name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|-+$/g, '') || 'package';
  return `rustdesk-${base}-${platform}.${platform === 'windows' ? 'ps1' : 'sh'}`;
}

/** The install script of a package for one platform. */
export function installScript(input: ScriptInput, platform: Platform, version: string): string {
  return platform === 'windows' ? powerShellScript(input, version) : shellScript(input, platform, version);
}

const SECRET_WARNING =
  'It holds secrets (the assignment token, the preset password): keep it like a password.';

/**
 * Windows PowerShell 5.1 and later. Starts with a byte order mark: without one, Windows PowerShell reads
 * a script in the ANSI code page and would garble names that are not ASCII.
 */
function powerShellScript(input: ScriptInput, version: string): string {
  const commands = rustdeskCommands(input)
    .map((args) => `Invoke-RustDesk ${powerShellQuote(windowsCommandLine(args))}`)
    .join('\n');
  return `\uFEFF# RustDesk deployment script, made by rdconsole ${version} for a custom client package.
# ${SECRET_WARNING}
#
# Run it as Administrator:
#   powershell -ExecutionPolicy Bypass -File .\\this-script.ps1 -Installer <path or URL of rustdesk-*.msi or rustdesk-*.exe>
# It installs RustDesk silently unless the installer's version is installed already, then applies the
# server config, options, password and assignments. Without -Installer it only applies them, to a
# RustDesk installed before. Running it again is harmless.
[CmdletBinding()]
param(
  [string]$Installer = ''
)
$ErrorActionPreference = 'Stop'
$PackageName = ${powerShellQuote(input.name)}
$RustDesk = Join-Path $env:ProgramFiles 'RustDesk\\rustdesk.exe'

$principal = New-Object Security.Principal.WindowsPrincipal([Security.Principal.WindowsIdentity]::GetCurrent())
if (-not $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) {
  throw 'Run this script as Administrator.'
}

function Get-InstalledVersion {
  if (Test-Path -LiteralPath $RustDesk) { return [string](Get-Item -LiteralPath $RustDesk).VersionInfo.ProductVersion }
  return ''
}

function Get-InstallerVersion([string]$Path) {
  if ($Path -notlike '*.msi') { return [string](Get-Item -LiteralPath $Path).VersionInfo.ProductVersion }
  $msi = New-Object -ComObject WindowsInstaller.Installer
  $database = $msi.GetType().InvokeMember('OpenDatabase', 'InvokeMethod', $null, $msi, @($Path, 0))
  $query = "SELECT Value FROM Property WHERE Property = 'ProductVersion'"
  $view = $database.GetType().InvokeMember('OpenView', 'InvokeMethod', $null, $database, @($query))
  $view.GetType().InvokeMember('Execute', 'InvokeMethod', $null, $view, $null) | Out-Null
  $record = $view.GetType().InvokeMember('Fetch', 'InvokeMethod', $null, $view, $null)
  if ($null -eq $record) { return '' }
  return [string]$record.GetType().InvokeMember('StringData', 'GetProperty', $null, $record, 1)
}

function Invoke-RustDesk([string]$Arguments) {
  # One verbatim command line: Start-Process passes it as it is, whatever the PowerShell version.
  $process = Start-Process -FilePath $RustDesk -ArgumentList $Arguments -Wait -PassThru -NoNewWindow
  if ($process.ExitCode -ne 0) { throw "rustdesk.exe failed with exit code $($process.ExitCode)" }
}

if ($Installer -ne '') {
  if ($Installer -match '^https?://') {
    $download = Join-Path $env:TEMP ([IO.Path]::GetFileName(([uri]$Installer).LocalPath))
    Invoke-WebRequest -UseBasicParsing -Uri $Installer -OutFile $download
    $Installer = $download
  }
  $Installer = (Resolve-Path -LiteralPath $Installer).Path
  $installed = Get-InstalledVersion
  $offered = Get-InstallerVersion $Installer
  if ($installed -ne '' -and $installed -eq $offered) {
    Write-Host "RustDesk $installed is installed already."
  } elseif ($Installer -like '*.msi') {
    $msiexec = Start-Process -FilePath 'msiexec.exe' -ArgumentList ('/i "{0}" /qn /norestart' -f $Installer) -Wait -PassThru
    if ($msiexec.ExitCode -ne 0 -and $msiexec.ExitCode -ne 3010) { throw "msiexec failed with exit code $($msiexec.ExitCode)" }
  } else {
    Start-Process -FilePath $Installer -ArgumentList '--silent-install' -Wait
  }
} elseif (-not (Test-Path -LiteralPath $RustDesk)) {
  throw 'RustDesk is not installed: give -Installer with the path or URL of its installer.'
}

# The commands below talk to the RustDesk service: wait until it runs.
for ($second = 0; $second -lt 120; $second++) {
  $service = Get-Service -Name 'RustDesk' -ErrorAction SilentlyContinue
  if ((Test-Path -LiteralPath $RustDesk) -and $null -ne $service -and $service.Status -eq 'Running') { break }
  Start-Sleep -Seconds 1
}
if (-not (Test-Path -LiteralPath $RustDesk)) { throw "RustDesk did not install: $RustDesk is missing." }

${commands}
Write-Host "RustDesk is set up with the package $PackageName."
`;
}

/** POSIX sh for Linux (deb, rpm) or macOS (dmg, app); checked by shellcheck in the tests. */
function shellScript(input: ScriptInput, platform: 'linux' | 'macos', version: string): string {
  const binary = platform === 'macos' ? MACOS_BINARY : LINUX_BINARY;
  const commands = rustdeskCommands(input)
    .map((args) => ['"$RUSTDESK"', ...args.map(shQuote)].join(' '))
    .join('\n');
  const kinds = platform === 'macos' ? '.dmg or RustDesk.app' : '.deb or .rpm';
  return `#!/bin/sh
# RustDesk deployment script, made by rdconsole ${version} for a custom client package.
# ${SECRET_WARNING}
#
# Run it as root:
#   sudo sh ./this-script.sh <path or URL of the RustDesk ${kinds}>
# It installs RustDesk unless the installer's version is installed already, then applies the server
# config, options, password and assignments. Without an installer it only applies them, to a RustDesk
# installed before. Running it again is harmless.
#
# Values are single-quoted on purpose: nothing in them may expand, and their quote marks are text.
# shellcheck disable=SC1003,SC1112,SC2016
set -eu

PACKAGE_NAME=${shQuote(input.name)}
RUSTDESK=${shQuote(binary)}
INSTALLER=\${1:-}

die() {
  printf '%s\\n' "$*" >&2
  exit 1
}

[ "$(id -u)" -eq 0 ] || die 'Run this script as root (sudo).'

WORK_DIR=$(mktemp -d)
trap 'rm -rf "$WORK_DIR"' EXIT

case $INSTALLER in
http://* | https://*)
  download="$WORK_DIR/$(basename "$INSTALLER")"
  curl -fsSL -o "$download" "$INSTALLER" || die "Could not download $INSTALLER"
  INSTALLER=$download
  ;;
esac

${platform === 'macos' ? MACOS_INSTALL : LINUX_INSTALL}
if [ -n "$INSTALLER" ]; then
  install_rustdesk
elif [ ! -x "$RUSTDESK" ]; then
  die 'RustDesk is not installed: give the path or URL of its installer.'
fi

# The commands below talk to the RustDesk service: wait until it answers with the device ID.
tries=0
until id=$("$RUSTDESK" --get-id 2>/dev/null) && [ -n "$id" ] && [ "$id" = "$(printf '%s' "$id" | tr -cd 'A-Za-z0-9_-')" ]; do
  tries=$((tries + 1))
  [ "$tries" -le 120 ] || die 'The RustDesk service does not answer.'
  sleep 1
done

${commands}
printf 'RustDesk is set up with the package %s.\\n' "$PACKAGE_NAME"
`;
}

const LINUX_INSTALL = `install_rustdesk() {
  case $INSTALLER in
  /* | ./* | ../*) ;;
  *) INSTALLER="./$INSTALLER" ;;
  esac
  case $INSTALLER in
  *.deb)
    offered=$(dpkg-deb -f "$INSTALLER" Version)
    installed=$(dpkg-query -W -f '\${Version}' rustdesk 2>/dev/null || true)
    if [ "$installed" = "$offered" ]; then
      echo "RustDesk $installed is installed already."
    elif command -v apt-get >/dev/null 2>&1; then
      DEBIAN_FRONTEND=noninteractive apt-get install -y "$INSTALLER"
    else
      dpkg -i "$INSTALLER"
    fi
    ;;
  *.rpm)
    offered=$(rpm -qp --qf '%{VERSION}-%{RELEASE}' "$INSTALLER")
    installed=$(rpm -q --qf '%{VERSION}-%{RELEASE}' rustdesk 2>/dev/null || true)
    if [ "$installed" = "$offered" ]; then
      echo "RustDesk $installed is installed already."
    elif command -v dnf >/dev/null 2>&1; then
      dnf install -y "$INSTALLER"
    elif command -v zypper >/dev/null 2>&1; then
      zypper --non-interactive install "$INSTALLER"
    else
      rpm -U "$INSTALLER"
    fi
    ;;
  *) die "Not a .deb or .rpm package: $INSTALLER" ;;
  esac
  systemctl enable --now rustdesk >/dev/null 2>&1 || true
}
`;

const MACOS_INSTALL = `install_rustdesk() {
  mount=''
  case $INSTALLER in
  *.dmg)
    mount="$WORK_DIR/mount"
    mkdir "$mount"
    hdiutil attach -nobrowse -readonly -mountpoint "$mount" "$INSTALLER" >/dev/null
    app="$mount/RustDesk.app"
    ;;
  *.app | *.app/) app=\${INSTALLER%/} ;;
  *) die "Not a .dmg or RustDesk.app: $INSTALLER" ;;
  esac
  offered=$(defaults read "$app/Contents/Info" CFBundleShortVersionString 2>/dev/null || true)
  installed=$(defaults read /Applications/RustDesk.app/Contents/Info CFBundleShortVersionString 2>/dev/null || true)
  if [ -n "$installed" ] && [ "$installed" = "$offered" ]; then
    echo "RustDesk $installed is installed already."
  else
    rm -rf /Applications/RustDesk.app
    ditto "$app" /Applications/RustDesk.app
  fi
  if [ -n "$mount" ]; then hdiutil detach "$mount" -quiet || true; fi
  # The service starts once RustDesk has run: start it in the background.
  pgrep -x RustDesk >/dev/null 2>&1 || open -g -a /Applications/RustDesk.app || true
}
`;
