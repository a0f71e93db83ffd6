#!/bin/sh
# Runs after the .deb is installed. It grants nothing by itself: giving a Node binary the
# raw-socket capability is the user's decision, so it only says how.
cat <<'MSG'
SetBeat is installed. Bluetooth sensors on Linux need Node.js 20.19 or later holding the
raw-socket capability (SetBeat runs only its Bluetooth helper in it, never Electron):
  sudo setcap cap_net_raw+eip "$(readlink -f "$(command -v node)")"
Demo sensors work without it. Packaging notes: docs/packaging.md in the SetBeat sources.
MSG
exit 0
