// Realistic, seeded mock data: the same seed gives the same people, titles and companies.
// Catalogs are data; the functions only pick from them.
import { intBetween, pick, type RandomSource } from './random.js';

/** Given names used by the factories. */
export const givenNames = ['Amara', 'Lukas', 'Sofia', 'Mateo', 'Priya', 'Jonas', 'Yuki', 'Elena', 'Kwame', 'Chloé', 'Rafael', 'Ingrid', 'Omar', 'Mei', 'Tomás', 'Aisha', 'Henrik', 'Lucía', 'Nikhil', 'Zoe', 'Fatima', 'Diego', 'Hannah', 'Arjun'] as const;
/** Family names used by the factories. */
export const familyNames = ['Okafor', 'Schneider', 'Rossi', 'García', 'Sharma', 'Lindqvist', 'Tanaka', 'Popescu', 'Mensah', 'Dubois', 'Oliveira', 'Hansen', 'Haddad', 'Chen', 'Novak', 'Bello', 'Larsen', 'Fernández', 'Iyer', 'Walsh', 'Kowalski', 'Nguyen', 'Becker', 'Moreau'] as const;
/** Real-looking email domains (reserved example domains and big providers; never delivered to). */
export const emailDomains = ['example.com', 'example.org', 'mail.example.net', 'northwind.example', 'contoso.example', 'fabrikam.example', 'acme-learning.example', 'globex.example'] as const;
/** Certificate titles. */
export const certificateTitles = ['Certified Cloud Practitioner', 'Advanced Food Safety Level 3', 'Project Management Professional', 'First Aid at Work', 'Data Protection Officer Certificate', 'Forklift Operator Licence', 'Certified Information Security Manager', 'Anti-Money Laundering Specialist', 'Registered Nurse Continuing Education', 'Electrical Installation Certificate'] as const;
/** Badge titles. */
export const badgeTitles = ['Kubernetes Fundamentals', 'Inclusive Leadership', 'Python for Data Analysis', 'Customer Success Champion', 'Secure Coding Practices', 'Sustainability Essentials', 'Agile Team Facilitator', 'Accessibility Advocate', 'Incident Response Ready', 'Mentor of the Year 2026'] as const;
/** Company names for business verification. */
export const companyNames = ['Northwind Traders GmbH', 'Helix Bioscience Ltd', 'Bluefin Logistics B.V.', 'Sunridge Energy Inc.', 'Atelier Lumière SAS', 'Kestrel Analytics Pty Ltd', 'Fjord Maritime AS', 'Quantum Leaf Foods S.L.', 'Orbital Freight Oy', 'Cedar & Stone Architects LLP'] as const;
/** Screening check types (the contract's CheckType enum). */
export const checkTypes = ['identity_verification', 'criminal_record', 'employment_history', 'education_verification', 'credit_check', 'reference_check', 'sanctions_screening'] as const;
/** Who verifies credentials. */
export const verifierNames = ['Contoso Talent Acquisition', 'Fabrikam HR Services', 'Globex Compliance Desk', 'State Licensing Board', 'Northwind Recruiting'] as const;

const ascii = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

/** A person: name and an email on a real-looking domain. */
export interface FakePerson {
  name: string;
  email: string;
}

/** Seeded factories over one random source. */
export interface Factories {
  person(): FakePerson;
  credentialTitle(kind: 'certificate' | 'badge'): string;
  companyName(): string;
  registrationNumber(country: string): string;
  checkTypes(): string[];
  verifierName(): string;
  /** Mock seconds between two lifecycle steps, in [minSeconds, maxSeconds]. */
  delaySeconds(minSeconds: number, maxSeconds: number): number;
  /** True with the given probability. */
  chance(probability: number): boolean;
}

/**
 * Creates seeded factories.
 * @example const f = createFactories(seededRandom(7)); f.person() // { name: 'Priya Lindqvist', email: 'priya.lindqvist@contoso.example' }
 */
export function createFactories(random: RandomSource): Factories {
  return {
    person() {
      const given = pick(random, givenNames);
      const family = pick(random, familyNames);
      return { name: `${given} ${family}`, email: `${ascii(given)}.${ascii(family)}@${pick(random, emailDomains)}` };
    },
    credentialTitle: (kind) => pick(random, kind === 'badge' ? badgeTitles : certificateTitles),
    companyName: () => pick(random, companyNames),
    registrationNumber: (country) => `${country}${intBetween(random, 10_000_000, 99_999_999)}`,
    checkTypes() {
      const n = intBetween(random, 2, 4);
      const pool = [...checkTypes];
      const out: string[] = [];
      while (out.length < n) out.push(pool.splice(Math.floor(random() * pool.length), 1)[0]!);
      return out;
    },
    verifierName: () => pick(random, verifierNames),
    delaySeconds: (min, max) => intBetween(random, min, max),
    chance: (p) => random() < p,
  };
}
