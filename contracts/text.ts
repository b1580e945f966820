/** Free-text fields of the request schemas: trimmed, with a minimum and a maximum length, messages in Chinese. */
import { z } from 'zod';

/** A text of `min` to `max` characters once trimmed (“{what}至少 N 个字”); `required` is the message when it is missing. */
export const textField = (what: string, min: number, max = 2000, required = `请填写${what}`) =>
  z
    .string({ error: required })
    .trim()
    .min(min, { error: `${what}至少 ${min} 个字` })
    .max(max, { error: `${what}不能超过 ${max} 个字` });
