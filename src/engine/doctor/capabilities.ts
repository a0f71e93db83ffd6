/**
 * Reading `getcap` output. libcap prints "PATH cap_net_raw=eip" (2.4x) or "PATH = cap_net_raw+eip"
 * (older); a clause is "cap_a,cap_b" followed by one or more "<op><flags>" with op one of = + -.
 */

/** Capability name -> flags it holds (subset of "eip"). */
export function parseGetcap(output: string): Map<string, Set<string>> {
  const caps = new Map<string, Set<string>>();
  for (const line of output.split('\n')) {
    // The path never matches a clause (it holds a '/'), so every word can be tried.
    for (const clause of line.trim().split(/\s+/)) {
      const m = /^([a-z_,]+)((?:[=+-][eip]*)+)$/.exec(clause);
      if (!m) continue;
      const names = m[1].split(',').filter(Boolean);
      for (const op of m[2].match(/[=+-][eip]*/g) ?? []) {
        for (const name of names) {
          const flags = op[0] === '=' ? new Set<string>() : (caps.get(name) ?? new Set<string>());
          for (const f of op.slice(1)) {
            if (op[0] === '-') flags.delete(f);
            else flags.add(f);
          }
          caps.set(name, flags);
        }
      }
    }
  }
  return caps;
}

/** True when the file may open raw sockets when run: cap_net_raw effective and permitted. */
export function hasNetRaw(getcapOutput: string): boolean {
  const flags = parseGetcap(getcapOutput).get('cap_net_raw');
  return flags !== undefined && flags.has('e') && flags.has('p');
}

/** A path as one shell word. */
export function shellQuote(p: string): string {
  return /^[\w@%+=:,./-]+$/.test(p) ? p : `'${p.replace(/'/g, `'\\''`)}'`;
}
