import { describe, expect, it } from 'vitest';
import { chooseJava, javaMajorOf } from './toolchain.ts';

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
