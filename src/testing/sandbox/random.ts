/**
 * A small seeded random generator (mulberry32), so a sandbox dataset is the same for the same seed
 * on every machine and every run.
 */

/** A deterministic random source with a few helpers. */
export class SeededRandom {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** Given names for generated people. */
export const FIRST_NAMES = ['Lena', 'Omar', 'Ines', 'Kai', 'Maja', 'Tom', 'Sara', 'Jonas', 'Aiko', 'Noah', 'Elif', 'Lucas', 'Mira', 'Pavel', 'Zoe'] as const;
/** Family names for generated people. */
export const LAST_NAMES = ['Holm', 'Haddad', 'Garcia', 'Berg', 'Novak', 'Smith', 'Okafor', 'Larsen', 'Tanaka', 'Martin', 'Yilmaz', 'Dubois', 'Rossi', 'Kowalski', 'Ng'] as const;
/** Job titles for generated jobs. */
export const JOB_TITLES = ['Backend Engineer', 'Product Designer', 'Data Analyst', 'Account Executive', 'Support Specialist', 'Engineering Manager', 'Recruiter', 'QA Engineer'] as const;
