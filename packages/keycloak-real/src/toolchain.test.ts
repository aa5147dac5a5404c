import { describe, expect, it } from 'vitest';
import { ToolchainError, chooseJava, findJava, findMaven, javaMajorOf } from './toolchain.ts';

describe('Java detection', () => {
  it('given release files of several JDK generations, then the major version is read', () => {
    expect(javaMajorOf('IMPLEMENTOR="Eclipse Adoptium"\nJAVA_VERSION="25.0.1"\n')).toBe(25);
    expect(javaMajorOf('JAVA_VERSION="17.0.15"\n')).toBe(17);
    expect(javaMajorOf('JAVA_VERSION="1.8.0_402"\n')).toBe(8);
    expect(javaMajorOf('no version here')).toBeUndefined();
  });

  it('given 17 and 25, then 25 is chosen; given only 8, then none', () => {
    expect(
      chooseJava([
        { home: '/jdk17', major: 17 },
        { home: '/jdk25', major: 25 },
      ]),
    ).toEqual({ home: '/jdk25', major: 25 });
    expect(chooseJava([{ home: '/jdk17', major: 17 }])).toEqual({ home: '/jdk17', major: 17 });
    expect(chooseJava([{ home: '/jdk8', major: 8 }])).toBeUndefined();
  });
});

describe('a machine without the toolchain', () => {
  const bare = { PATH: '/nonexistent' };

  it('given no JDK anywhere, then the error says which Java to install', () => {
    expect(() => findJava(bare, '/nonexistent')).toThrow(ToolchainError);
    expect(() => findJava(bare, '/nonexistent')).toThrow(/Install a JDK 21 or 25/);
  });

  it('given no mvn on PATH, then the error says to install Maven', () => {
    expect(() => findMaven(bare)).toThrow(/Install it \(e\.g\. apt-get install maven\)/);
  });

  it('given this machine, then a JDK of 17 or newer is found', () => {
    expect(findJava().major).toBeGreaterThanOrEqual(17);
  });
});
