@echo off
rem The CLI shipped inside the installed app: runs the packaged engine with the app's own Node (Electron as Node).
set ELECTRON_RUN_AS_NODE=1
"%~dp0..\..\LifeKeeper Support Analyzer.exe" "%~dp0..\app.asar\bin\lkanalyze" %*
