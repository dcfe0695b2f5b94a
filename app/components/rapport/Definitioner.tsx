/**
 * Avsnitt "Definitioner och källor": each measure's definition and rules, the
 * regelverk in force (file, version dates, source passage, parameters), the
 * source documents and the methods. Lists rather than tables: long texts would
 * make a table taller than a page.
 */
import type { Definitioner as DefinitionerData } from "./view.ts";

export function Definitioner({ d, nr }: { d: DefinitionerData; nr: number }) {
  return (
    <section id="definitioner" className="rapport-section rapport-definitioner" aria-labelledby="definitioner-rubrik">
      <h2 id="definitioner-rubrik">
        <span className="rapport-nr">{nr}</span> Definitioner och källor
      </h2>
      <h3>Mått</h3>
      <dl className="rapport-dl">
        {d.matt.map((m) => (
          <div key={m.id} className="rapport-dl__item">
            <dt>{m.label}</dt>
            <dd>
              {m.definition}
              {m.regler.length ? <span className="rapport-regler"> Regler: {m.regler.join(", ")}.</span> : null}
            </dd>
          </div>
        ))}
      </dl>

      <h3>Regelverk</h3>
      {d.regelverk ? (
        <>
          <p>
            {d.regelverk.standard
              ? `Kommunen har inget eget regelverk i Ledsagning; standardregelverket (${d.regelverk.fil}) har använts.`
              : `Regelverket för ${d.regelverk.kommun} (${d.regelverk.fil}): ${d.regelverk.beskrivning}`}{" "}
            Nedan de regler som gällde under rapportperioden eller jämförelseperioden.
          </p>
          <dl className="rapport-dl">
            {d.regelverk.regler.map((r) => (
              <div key={`${r.regel}-${r.giltig}`} className="rapport-dl__item">
                <dt>
                  {r.namn} <span className="rapport-giltig">(gäller {r.giltig})</span>
                </dt>
                <dd>
                  {r.parametrar ? <>{r.parametrar}. </> : null}
                  {r.motivering ? <>{r.motivering} </> : null}
                  <span className="rapport-kalla">
                    Källa: {r.kalla}
                    {r.kallaText ? ` (${r.kallaText})` : ""}.
                  </span>
                </dd>
              </div>
            ))}
          </dl>
        </>
      ) : (
        <p>Regelverket för kommunen kunde inte läsas.</p>
      )}

      <h3>Källor</h3>
      <ul className="rapport-kallor">
        {d.kallor.map((k) => (
          <li key={k.nr}>
            <span className="rapport-kalla__nr">{k.nr}</span> {k.text}
          </li>
        ))}
      </ul>

      <h3>Metod</h3>
      {d.metod.map((t, i) => (
        <p key={i}>{t}</p>
      ))}
    </section>
  );
}
