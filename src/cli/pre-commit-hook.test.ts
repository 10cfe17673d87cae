// The documented git hook (scripts/hooks/pre-commit) in a real repository: a commit with a config that has
// an error is refused, names with spaces included; a clean one goes through; a commit without configs
// does not run lint at all.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const repo = mkdtempSync(join(tmpdir(), 'cni-studio-hook-'));
afterAll(() => rmSync(repo, { recursive: true, force: true }));
const git = (...args: string[]) => execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8' });
const env = { ...process.env, CNI_STUDIO: `${process.execPath} ${resolve('bin/cni-studio.cjs')}`, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' };
const commit = (message: string) => spawnSync('git', ['-C', repo, 'commit', '-q', '-m', message], { encoding: 'utf8', env });

describe('scripts/hooks/pre-commit', () => {
  it('refuses a commit whose config has an error and lets a clean one through', () => {
    git('init', '-q');
    copyFileSync(resolve('scripts/hooks/pre-commit'), join(repo, '.git', 'hooks', 'pre-commit'));
    writeFileSync(join(repo, 'README'), 'no configs here');
    git('add', '.');
    const plain = commit('no configs');
    expect(plain.status).toBe(0);
    expect(plain.stdout + plain.stderr).toBe('');
    writeFileSync(join(repo, '10 my net.conflist'), '{"cniVersion":"1.0.0","name":"n","plugins":[{"type":"bridge","mtu":"1500"}]}');
    git('add', '.');
    const refused = commit('bad');
    expect(refused.status).not.toBe(0);
    // git hands a hook's output to stderr.
    expect(refused.stderr).toContain('10 my net.conflist:1:');
    expect(refused.stderr).toContain('error CNI202');
    writeFileSync(join(repo, '10 my net.conflist'), '{"cniVersion":"1.0.0","name":"n","plugins":[{"type":"loopback"}]}');
    git('add', '.');
    expect(commit('good').status).toBe(0);
    expect(git('log', '--format=%s')).toBe('good\nno configs\n');
  });
});
