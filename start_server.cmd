@echo off
rem Starts both Image Stream servers: builds the project on first run (or after a source change),
rem starts the WebSocket server, waits until it accepts connections, starts the page server and
rem prints the URL to open. Ctrl-C stops both. Mirrors start_server.sh.
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

rem Both servers share this console, so Ctrl-C reaches them and each stops cleanly.
set "IMAGESTREAM_READY_FILE=%READY_DIR%\ws"
start "Image Stream WebSocket server" /b java %ALWAYS_OPTS% %JAVA_OPTS% -cp "%CLASSPATH_ARG%" imagestream.ws.FrameServerMain
call :wait_until_ready "%READY_DIR%\ws" "WebSocket server" || goto :failed

set "IMAGESTREAM_READY_FILE=%READY_DIR%\http"
start "Image Stream page server" /b java %ALWAYS_OPTS% %PAGE_JAVA_OPTS% -cp "%CLASSPATH_ARG%" imagestream.http.PageServerMain
call :wait_until_ready "%READY_DIR%\http" "page server" || goto :failed
set "IMAGESTREAM_READY_FILE="

set /p URL=<"%READY_DIR%\http"
echo.
echo Image Stream is running. Open %URL% in your browser.
echo Press Ctrl-C to stop both servers.

rem Waits while both servers run; Ctrl-C ends them and then this script.
:running
ping -n 2 127.0.0.1 >nul
tasklist /fi "imagename eq java.exe" | find /i "java.exe" >nul && goto :running
rmdir /s /q "%READY_DIR%" 2>nul
exit /b 0

rem Waits for a server's ready file, for at most 30 s.
:wait_until_ready
for /l %%i in (1,1,30) do (
  if exist "%~1" exit /b 0
  ping -n 2 127.0.0.1 >nul
)
echo The %~2 did not start within 30 s; see the message above. 1>&2
exit /b 1

:failed
rmdir /s /q "%READY_DIR%" 2>nul
exit /b 1
