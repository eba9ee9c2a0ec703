import { useState, type InputHTMLAttributes } from 'react';
import { nfkc, parseIntegerInput } from '../format/normalize';
import { formatYen } from '../format/yen';

/**
 * A whole-number input that accepts 全角 digits, commas and 円 (「１，０００，０００円」) and reports the parsed number
 * (null while it is not a number). Shows the amount formatted beside it when `yen` is set.
 */
export function IntegerInput({
  value,
  onValueChange,
  yen,
  ...rest
}: { value: number | null; onValueChange: (value: number | null, raw: string) => void; yen?: boolean } & Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'value' | 'onChange' | 'type'
>) {
  const [raw, setRaw] = useState(value === null ? '' : String(value));
  return (
    <span className="integer-input">
      <input
        {...rest}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        className="input"
        value={raw}
        onChange={(e) => {
          setRaw(e.target.value);
          onValueChange(parseIntegerInput(e.target.value), e.target.value);
        }}
        onBlur={() => {
          const n = parseIntegerInput(raw);
          if (n !== null) setRaw(String(n));
        }}
      />
      {yen && value !== null && <span className="integer-input__formatted">{formatYen(value)}</span>}
    </span>
  );
}

/** A text input for searching: what is sent is NFKC-normalised (全角英数 and spaces folded); what is shown is as typed. */
export function SearchInput({ onSearchChange, ...rest }: { onSearchChange: (normalised: string) => void } & InputHTMLAttributes<HTMLInputElement>) {
  return <input {...rest} type="search" className="input" onChange={(e) => onSearchChange(nfkc(e.target.value).replace(/\s+/g, ' ').trim())} />;
}
