// A fresh clone followed by `npm install` must leave the tree unmodified: the lock file's root entry has to say what
// package.json says (a stale `bin` path made npm rewrite the lock on every newcomer's first install).
import fs from 'node:fs';
import { expect, it } from 'vitest';

it('package-lock.json agrees with package.json on dependencies, bin and engines', () => {
  const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8'));
  const lock = JSON.parse(fs.readFileSync('package-lock.json', 'utf8'));
  const root = lock.packages[''];
  expect(lock.name).toBe(pkg.name);
  expect(root.version).toBe(pkg.version);
  expect(root.dependencies).toEqual(pkg.dependencies);
  expect(root.devDependencies).toEqual(pkg.devDependencies);
  expect(root.bin).toEqual(pkg.bin);
  expect(root.engines).toEqual(pkg.engines);
  // Every pinned dependency is locked at exactly that version.
  for (const [name, version] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })) {
    expect(lock.packages[`node_modules/${name}`]?.version, name).toBe(version);
  }
});
