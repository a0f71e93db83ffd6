// electron-builder afterPack hook: puts the Electron build of better-sqlite3 (.native/electron,
// made by scripts/electron-native.mjs) in place of the Node build inside the packaged app, so
// the project's node_modules stays Node-ABI for the CLI and tests (npmRebuild is off).
// Runs before signing, so the swapped binary is signed with the rest on macOS.
import fs from 'node:fs';
import path from 'node:path';

// electron-builder's Arch enum.
const ARCH_NAMES = ['ia32', 'x64', 'armv7l', 'arm64', 'universal'];

function resourcesDir(context) {
  if (context.electronPlatformName === 'darwin' || context.electronPlatformName === 'mas') {
    return path.join(context.appOutDir, `${context.packager.appInfo.productFilename}.app`, 'Contents', 'Resources');
  }
  return path.join(context.appOutDir, 'resources');
}

export default async function afterPack(context) {
  const nativeDir = path.join(context.packager.projectDir, '.native', 'electron');
  const source = path.join(nativeDir, 'better_sqlite3.node');
  const target = path.join(resourcesDir(context), 'app.asar.unpacked', 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
  if (!fs.existsSync(source)) {
    throw new Error(`${source} is missing: run \`npm run rebuild:electron\` (needs the Electron download) before packaging.`);
  }
  const built = fs.readFileSync(path.join(nativeDir, 'electron-version.txt'), 'utf8').trim();
  const framework = context.packager.info && context.packager.info.framework;
  const wanted = (framework && framework.version) || context.packager.config.electronVersion;
  if (wanted && built !== wanted) {
    throw new Error(`.native/electron holds better-sqlite3 for Electron ${built}, but the app is packaged with Electron ${wanted}: run \`npm run rebuild:electron\`.`);
  }
  const arch = ARCH_NAMES[context.arch] ?? String(context.arch);
  if (arch !== process.arch) {
    throw new Error(`Packaging for ${arch} on a ${process.arch} machine: native modules are built for this machine only; package on a ${arch} machine.`);
  }
  if (!fs.existsSync(path.dirname(target))) {
    throw new Error(`${path.dirname(target)} is not in the package: better-sqlite3 must be unpacked from the asar (asarUnpack).`);
  }
  fs.copyFileSync(source, target);
  console.log(`  • better-sqlite3 for Electron ${built} -> ${path.relative(context.appOutDir, target)}`);
}
