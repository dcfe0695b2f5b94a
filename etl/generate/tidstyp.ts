/**
 * Tidstyp of an occasion from its date and start time (R18, Stockholm's bands):
 * dag 07–19, kväll 19–22, natt 22–07, helg from Friday 19:00 to Monday 07:00 and on
 * red days, storhelg on the storhelg days (see calendar.ts).
 *
 * The generator places each occasion inside one band, so one utförda row per occasion
 * carries one tidstyp and the row's date and tidstyp always agree.
 */
import type { Tidstyp } from "../contract.ts";
import { dayKind, weekday, type Day } from "./calendar.ts";

const H7 = 7 * 60;
const H19 = 19 * 60;
const H22 = 22 * 60;

export function tidstypAt(day: Day, startMinute: number): Tidstyp {
  const kind = dayKind(day);
  if (kind === "storhelg") return "storhelg";
  if (kind === "helg") return "helg";
  const wd = weekday(day);
  if (wd === 4 && startMinute >= H19) return "helg"; // Friday evening starts the weekend
  if (wd === 0 && startMinute < H7) return "helg"; // the weekend lasts until Monday 07:00
  if (startMinute >= H7 && startMinute < H19) return "dag";
  if (startMinute >= H19 && startMinute < H22) return "kvall";
  return "natt";
}
