@echo off
rem Starts both Image Stream servers: builds the project on first run (or after a source change),
rem starts the WebSocket server, waits until it accepts connections, starts the page server and
rem prints the URL to open. Ctrl-C stops both; when one server stops, the other is stopped too.
rem Mirrors start_server.sh. Windows PowerShell (part of Windows 10 and 11) starts and watches
rem the two server processes by their own ids.
setlocal EnableExtensions
cd /d "%~dp0"

set "JAR=target\image-stream.jar"
set "CLASSPATH_ARG=%JAR%;target\lib\*"
if not defined JAVA_OPTS set "JAVA_OPTS=-Xms128m -Xmx256m -Xmn24m -XX:+AlwaysPreTouch"
if not defined PAGE_JAVA_OPTS set "PAGE_JAVA_OPTS=-Xmx64m"
rem A server out of memory exits (one line) rather than running on with dead threads.
set "ALWAYS_OPTS=-XX:+ExitOnOutOfMemoryError"

set BUILD=0
if not exist "%JAR%" set BUILD=1
if %BUILD%==0 (
  powershell -NoProfile -Command "$jar = (Get-Item '%JAR%').LastWriteTime; if (Get-ChildItem pom.xml, src\main -Recurse -File | Where-Object { $_.LastWriteTime -gt $jar }) { exit 1 }"
  if errorlevel 1 set BUILD=1
)
if %BUILD%==1 (
  echo Building Image Stream ^(first run, or the sources changed^)...
  call mvn -B -q -DskipTests package || exit /b 1
)

set "READY_DIR=%TEMP%\image-stream-%RANDOM%%RANDOM%"
mkdir "%READY_DIR%"
set "WS_PID="
set "HTTP_PID="

rem Both servers share this console, so Ctrl-C reaches them and each stops cleanly.
set "IMAGESTREAM_READY_FILE=%READY_DIR%\ws"
set "SERVER_ARGS=%ALWAYS_OPTS% %JAVA_OPTS% -cp "%CLASSPATH_ARG%" imagestream.ws.FrameServerMain"
call :start_server WS_PID || goto :failed
call :wait_until_ready %WS_PID% "WebSocket server" || goto :failed

set "IMAGESTREAM_READY_FILE=%READY_DIR%\http"
set "SERVER_ARGS=%ALWAYS_OPTS% %PAGE_JAVA_OPTS% -cp "%CLASSPATH_ARG%" imagestream.http.PageServerMain"
call :start_server HTTP_PID || goto :failed
call :wait_until_ready %HTTP_PID% "page server" || goto :failed
set "IMAGESTREAM_READY_FILE="

set /p URL=<"%READY_DIR%\http"
echo.
echo Image Stream is running. Open %URL% in your browser.
echo Press Ctrl-C to stop both servers.

rem Waits while both servers run (their own processes, not any java.exe). When one stops, the
rem other gets 5 s to stop too (Ctrl-C stops both); if it still runs, a server failed: stop it.
powershell -NoProfile -Command "$servers = @(Get-Process -Id %WS_PID%, %HTTP_PID% -ErrorAction SilentlyContinue); while ($servers.Count -eq 2 -and -not ($servers | Where-Object { $_.HasExited })) { Start-Sleep -Milliseconds 500 }; for ($i = 0; $i -lt 50 -and ($servers | Where-Object { -not $_.HasExited }); $i++) { Start-Sleep -Milliseconds 100 }; if ($servers | Where-Object { -not $_.HasExited }) { exit 7 }"
if "%ERRORLEVEL%"=="7" (
  echo A server stopped; stopping the other one. 1>&2
  goto :failed
)
rmdir /s /q "%READY_DIR%" 2>nul
exit /b 0

rem Starts java with SERVER_ARGS in this console and sets the variable named %1 to its process
rem id. The id goes through a file: java inherits PowerShell's output, which must be the console.
:start_server
set "%~1="
set "PID_FILE=%READY_DIR%\%~1"
powershell -NoProfile -Command "Set-Content -LiteralPath $env:PID_FILE -Value (Start-Process -FilePath java -ArgumentList $env:SERVER_ARGS -NoNewWindow -PassThru).Id"
if exist "%PID_FILE%" set /p %~1=<"%PID_FILE%"
if not defined %~1 (
  echo Could not start java; is a JDK 17 or later on PATH? 1>&2
  exit /b 1
)
exit /b 0

rem Waits for a server's ready file (IMAGESTREAM_READY_FILE); fails at once if the server exits
rem first (e.g. a bad .env value: its message is above), or after 30 s.
:wait_until_ready
powershell -NoProfile -Command "$server = Get-Process -Id %~1 -ErrorAction SilentlyContinue; for ($i = 0; $i -lt 300; $i++) { if ((Test-Path -LiteralPath $env:IMAGESTREAM_READY_FILE) -and (Get-Item -LiteralPath $env:IMAGESTREAM_READY_FILE).Length -gt 0) { exit 0 }; if (-not $server -or $server.HasExited) { exit 2 }; Start-Sleep -Milliseconds 100 }; exit 3"
if errorlevel 3 (
  echo The %~2 did not start within 30 s. 1>&2
  exit /b 1
)
if errorlevel 2 (
  echo The %~2 could not start; see the message above. 1>&2
  exit /b 1
)
exit /b 0

rem Stops whichever server still runs (Windows gives a console program no gentler signal from
rem another process than Ctrl-C, which would reach this script too), then cleans up.
:failed
if defined HTTP_PID taskkill /F /PID %HTTP_PID% >nul 2>&1
if defined WS_PID taskkill /F /PID %WS_PID% >nul 2>&1
rmdir /s /q "%READY_DIR%" 2>nul
exit /b 1
