@echo off
rem The CLI shipped inside the installed app: runs the packaged engine in the app's own main process, with no window
rem (--lkanalyze-cli; the RunAsNode fuse is off, so the binary cannot be run as plain Node).
"%~dp0..\..\LifeKeeper Support Analyzer.exe" --lkanalyze-cli %*
