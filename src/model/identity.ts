/**
 * Identity normalization: how two spellings of one customer, billing profile, assessor or tree
 * become one row. Pure; the keys are what the identity tables are unique on.
 */

/** Case, width and whitespace differences do not make a different identity. */
export function identityKey(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const key = String(value).normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
  return key === '' ? null : key;
}

/**
 * A name as the file wrote it (tabs, newlines, surrounding spaces kept; a number as its text): what
 * jobs.customer_name, job_finals.user_name and the identities' display names hold. Only keys fold.
 */
export function displayName(value: unknown): string | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const name = String(value);
  return name === '' ? null : name;
}

const WORD_NUMBERS: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};

/**
 * Tree numbers: 3, "3", "003", "three", "twenty-one" are tree 3 / 21. Only a positive whole number is a
 * tree number: 0, "zero", "oak" (a species in the wrong field) and anything else is null.
 */
export function parseTreeNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value > 0 ? value : null;
  if (typeof value !== 'string') return null;
  // NFKC folds full-width digits ("３") the way identityKey folds names.
  const text = value
    .normalize('NFKC')
    .trim()
    .toLowerCase()
    .replace(/^(tree\s*)?(no\.?|number|#)?\s*/, '');
  if (/^\d{1,15}$/.test(text)) return positive(Number(text));
  const words = text.split(/[\s-]+/).filter(Boolean);
  if (words.length === 0 || words.length > 2) return null;
  let total = 0;
  for (const w of words) {
    const n = WORD_NUMBERS[w];
    if (n === undefined) return null;
    total += n;
  }
  if (words.length === 2 && !(WORD_NUMBERS[words[0]!]! >= 20 && WORD_NUMBERS[words[1]!]! < 10)) return null;
  return positive(total);
}

function positive(n: number): number | null {
  return n > 0 ? n : null;
}

/**
 * The key a tree is unique on within its customer: its number, or null (no tree) when the value is
 * not a tree number. Never a guessed identity: "oak" would merge every oak of a customer into one.
 */
export function treeKey(value: unknown): string | null {
  const n = parseTreeNumber(value);
  return n === null ? null : String(n);
}

/** Two written tree numbers agree when they are the same number, or (not numbers) the same text. */
export function treeComparable(value: unknown): string | null {
  return treeKey(value) ?? identityKey(value);
}

/** A billing profile is the combination of its three fields; all absent means no profile. */
export function billingKey(name: unknown, address: unknown, contact: unknown): string | null {
  const parts = [identityKey(name), identityKey(address), identityKey(contact)];
  if (parts.every((p) => p === null)) return null;
  // JSON keeps the three parts apart even when a part itself contains a separator.
  return JSON.stringify(parts);
}
