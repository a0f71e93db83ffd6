/** `doctor`: what stands between this machine and working Bluetooth, each with its fix. */
import {
  checkAdapter,
  checkBluetoothd,
  checkBluetoothGroup,
  checkBluetoothNode,
  checkCapability,
  checkElectronCapability,
  checkNoble,
  checkRfkill,
} from './checks';
import type { DoctorCheck, DoctorProbes, DoctorReport } from './types';

export type { DoctorCheck, DoctorProbes, DoctorReport, NobleProbe } from './types';
export { createSystemProbes, type SystemProbeOptions } from './probes';

export async function runDoctor(p: DoctorProbes): Promise<DoctorReport> {
  const checks: (DoctorCheck | null)[] = [];
  if (p.platform === 'linux') {
    checks.push(checkAdapter(p), checkRfkill(p), await checkBluetoothNode(p));
    const nodeOk = checks[checks.length - 1]?.ok === true;
    if (nodeOk) checks.push(await checkCapability(p));
    checks.push(await checkElectronCapability(p), checkBluetoothd(p), checkBluetoothGroup(p));
    if (nodeOk) checks.push(await checkNoble(p));
  } else {
    // CoreBluetooth and WinRT need no capability or daemon juggling: the OS asks the user.
    checks.push(await checkBluetoothNode(p), await checkNoble(p));
  }
  const list = checks.filter((c): c is DoctorCheck => c !== null);
  return { ok: list.every((c) => c.ok || c.severity === 'advisory'), platform: p.platform, checks: list };
}
