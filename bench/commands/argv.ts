/**
 * Command-line words before yargs sees them. `--rate -5k/s` would be read as the flags
 * -5, -k, -/, -s ("Unknown arguments: 5, k, s"): a word that starts with '-' and a digit right
 * after a long option is that option's value, so it is joined (`--rate=-5k/s`) and the
 * option's own check says what is wrong with it ("must not be negative").
 */

const NEGATIVE_VALUE = /^-\d/;
const LONG_OPTION_WITHOUT_VALUE = /^--[A-Za-z][\w-]*$/;

export function joinNegativeValues(words: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (word === '--') {
      out.push(...words.slice(i));
      break;
    }
    const next = words[i + 1];
    if (LONG_OPTION_WITHOUT_VALUE.test(word) && next !== undefined && NEGATIVE_VALUE.test(next)) {
      out.push(`${word}=${next}`);
      i++;
    } else out.push(word);
  }
  return out;
}
