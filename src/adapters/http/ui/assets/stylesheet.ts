/**
 * The web UI's one stylesheet (SPEC §17): plain CSS, light and dark from
 * `prefers-color-scheme`, text colours chosen for at least 4.5:1 contrast on their
 * backgrounds (axe-core checks it in the browser tests).
 */
export const STYLESHEET = `
:root{color-scheme:light dark;--bg:#fff;--fg:#1f2328;--muted:#57606a;--line:#d0d7de;--panel:#f6f8fa;
--link:#0550ae;--ok:#1a7f37;--bad:#cf222e;--wait:#9a6700;--none:#6e7781;--focus:#0969da;--hl:#fff8c5;
--a-black:#24292f;--a-red:#b31d28;--a-green:#116329;--a-yellow:#7d4e00;--a-blue:#0550ae;--a-magenta:#8250df;
--a-cyan:#0f6d74;--a-white:#57606a;--a-bg-red:#ffd8d3;--a-bg-green:#d2f4d9;--a-bg-yellow:#fff1c2;
--a-bg-blue:#dbe9ff;--a-bg-magenta:#f0e2ff;--a-bg-cyan:#d4f4f6;--a-bg-grey:#e6e8eb}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--line:#30363d;
--panel:#161b22;--link:#6cb6ff;--ok:#3fb950;--bad:#f85149;--wait:#d29922;--none:#8b949e;--focus:#58a6ff;
--hl:#3a3212;--a-black:#9198a1;--a-red:#ff7b72;--a-green:#56d364;--a-yellow:#e3b341;--a-blue:#79c0ff;
--a-magenta:#d2a8ff;--a-cyan:#56d4dd;--a-white:#e6edf3;--a-bg-red:#5d1f1f;--a-bg-green:#1c4428;
--a-bg-yellow:#4b3a0b;--a-bg-blue:#13325c;--a-bg-magenta:#3d2363;--a-bg-cyan:#10404a;--a-bg-grey:#30363d}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif}
a{color:var(--link)}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,summary:focus-visible{outline:2px solid var(--focus);outline-offset:2px}
.skip{position:absolute;left:-9999px}.skip:focus{left:1rem;top:.5rem;background:var(--bg);padding:.25rem .5rem;z-index:9}
.site{display:flex;gap:1rem;align-items:center;flex-wrap:wrap;padding:.6rem 1.25rem;border-bottom:1px solid var(--line);background:var(--panel)}
.site .brand{font-weight:700;color:var(--fg);text-decoration:none}
.site nav ul{display:flex;gap:1rem;list-style:none;margin:0;padding:0}
.site .who{margin-left:auto;display:flex;gap:.75rem;align-items:center}
main{max-width:72rem;margin:0 auto;padding:1rem 1.25rem 3rem}
footer{max-width:72rem;margin:0 auto;padding:1rem 1.25rem;color:var(--muted);font-size:.85rem;border-top:1px solid var(--line)}
h1{font-size:1.5rem;margin:.5rem 0}h2{font-size:1.15rem;margin:1.25rem 0 .5rem}h3{font-size:1rem;margin:.75rem 0 .25rem}
.muted{color:var(--muted)}.mono,code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em}
.tabs{display:flex;gap:1rem;list-style:none;padding:0;margin:.25rem 0 1rem;border-bottom:1px solid var(--line)}
.tabs a{display:inline-block;padding:.4rem .1rem;text-decoration:none;color:var(--fg)}
.tabs a[aria-current=page]{border-bottom:2px solid var(--focus);font-weight:600}
table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{text-align:left;padding:.45rem .6rem;border-bottom:1px solid var(--line);vertical-align:top}
th{font-weight:600;background:var(--panel)}
.status{display:inline-flex;align-items:center;gap:.35rem;white-space:nowrap}
.status svg{width:1rem;height:1rem;flex:none}
.s-success svg{color:var(--ok)}.s-failure svg{color:var(--bad)}.s-pending svg{color:var(--wait)}.s-none svg{color:var(--none)}
.panel{border:1px solid var(--line);border-radius:6px;padding:.75rem 1rem;margin:.75rem 0;background:var(--panel)}
.waiting{border-left:4px solid var(--wait);padding:.4rem .75rem;margin:.4rem 0;background:var(--panel)}
.actions{display:flex;gap:.5rem;flex-wrap:wrap;margin:.75rem 0}
.actions form,.inline{display:inline}
button,.button{font:inherit;padding:.3rem .8rem;border:1px solid var(--line);border-radius:6px;background:var(--panel);color:var(--fg);cursor:pointer}
button.danger{color:var(--bad);border-color:var(--bad)}
label{display:block;margin:.5rem 0 .15rem;font-weight:600}
input[type=text],input[type=password],select{font:inherit;padding:.3rem .5rem;border:1px solid var(--line);border-radius:6px;background:var(--bg);color:var(--fg);min-width:12rem}
.filters{display:flex;gap:.75rem;flex-wrap:wrap;align-items:flex-end}
.filters label{margin-top:0}
.error{border-left:4px solid var(--bad);padding:.4rem .75rem;background:var(--panel)}
.pager{display:flex;gap:1rem;list-style:none;padding:0}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:.5rem 0}
dl.facts dt{color:var(--muted)}dl.facts dd{margin:0}
ol.stages{padding-left:1.5rem}
.step{border:1px solid var(--line);border-radius:6px;margin:.5rem 0}
.step>details>summary{padding:.5rem .75rem;cursor:pointer;display:flex;gap:.75rem;align-items:center}
.step>details>summary h2{font-size:1rem;margin:0}
.log{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.82rem;line-height:1.45;background:var(--panel);border-top:1px solid var(--line);padding:.35rem 0;overflow-x:auto}
.log-line{display:flex;white-space:pre-wrap;word-break:break-all;padding:0 .75rem}
.log-line:target{background:var(--hl)}
.ln{flex:none;width:3.5rem;text-align:right;padding-right:1rem;color:var(--muted);text-decoration:none;user-select:none}
.log-meta,.log-group-end,.esc,.log-marker{display:none}
.ts{display:none;flex:none;width:5.5rem;color:var(--muted);user-select:none}.ts::before{content:attr(data-t)}
body:has(#log-times:checked) .log-line .ts{display:inline-block}
.toggle{display:inline-flex;align-items:center;gap:.35rem}.toggle label{margin:0;font-weight:400}
details.log-group>summary{cursor:pointer;list-style-position:inside}
details.log-group>summary .log-text::before{content:"\\25B8  "}details.log-group[open]>summary .log-text::before{content:"\\25BE  "}
.log .ansi-bold{font-weight:700}.log .ansi-italic{font-style:italic}.log .ansi-underline{text-decoration:underline}.log .ansi-dim{opacity:.8}
.ansi-black-fg,.ansi-bright-black-fg{color:var(--a-black)}.ansi-red-fg,.ansi-bright-red-fg{color:var(--a-red)}
.ansi-green-fg,.ansi-bright-green-fg{color:var(--a-green)}.ansi-yellow-fg,.ansi-bright-yellow-fg{color:var(--a-yellow)}
.ansi-blue-fg,.ansi-bright-blue-fg{color:var(--a-blue)}.ansi-magenta-fg,.ansi-bright-magenta-fg{color:var(--a-magenta)}
.ansi-cyan-fg,.ansi-bright-cyan-fg{color:var(--a-cyan)}.ansi-white-fg,.ansi-bright-white-fg{color:var(--a-white)}
.ansi-red-bg,.ansi-bright-red-bg{background:var(--a-bg-red)}.ansi-green-bg,.ansi-bright-green-bg{background:var(--a-bg-green)}
.ansi-yellow-bg,.ansi-bright-yellow-bg{background:var(--a-bg-yellow)}.ansi-blue-bg,.ansi-bright-blue-bg{background:var(--a-bg-blue)}
.ansi-magenta-bg,.ansi-bright-magenta-bg{background:var(--a-bg-magenta)}.ansi-cyan-bg,.ansi-bright-cyan-bg{background:var(--a-bg-cyan)}
.ansi-black-bg,.ansi-white-bg,.ansi-bright-black-bg,.ansi-bright-white-bg{background:var(--a-bg-grey)}
.log-note{margin:.2rem .75rem;font-family:system-ui,sans-serif;font-size:.85rem;color:var(--muted)}
.log-virtual .log-viewport{position:relative;overflow:auto;max-height:70vh;min-height:4rem}
.log-virtual .log-spacer{position:relative;min-width:100%}
.log-virtual .log-rows{position:absolute;top:0;left:0;min-width:100%}
.log-virtual .log-line{white-space:pre;word-break:normal;height:20px;line-height:20px;overflow:hidden}
.log-line.hl{background:var(--hl)}
.log-line:target .ln,.log-line.hl .ln{color:var(--fg)}
.fold{font:inherit;color:inherit;background:none;border:0;padding:0;cursor:pointer;text-align:left;white-space:pre}
.fold::before{content:"\\25B8  "}.fold[aria-expanded=true]::before{content:"\\25BE  "}
.log-search{display:flex;gap:.5rem;align-items:center;flex-wrap:wrap;margin:.75rem 0}
.log-search label{margin:0}
ol.search-results{padding-left:1.5rem}ol.search-results li{margin:.2rem 0}
.log-excerpt{display:block;white-space:pre-wrap;word-break:break-all;color:var(--muted)}
ul.annotations{list-style:none;padding:0}
.annotation{border-left:4px solid var(--line);padding:.35rem .75rem;margin:.4rem 0;background:var(--panel)}
.annotation.s-failure{border-left-color:var(--bad)}.annotation.s-pending{border-left-color:var(--wait)}
.annotation.s-failure svg{color:var(--bad)}.annotation.s-pending svg{color:var(--wait)}.annotation.s-none svg{color:var(--none)}
.step-summary{border-top:1px solid var(--line);padding:.5rem .75rem}
.markdown>:first-child{margin-top:0}.markdown>:last-child{margin-bottom:0}
.markdown h1,.markdown h2,.markdown h3,.markdown h4{font-size:1rem;margin:.75rem 0 .35rem}
.markdown pre{background:var(--bg);border:1px solid var(--line);padding:.5rem;overflow:auto}
.markdown code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em}
.markdown table{border-collapse:collapse;margin:.5rem 0}
.markdown th,.markdown td{border:1px solid var(--line);padding:.25rem .5rem;text-align:left}
.markdown blockquote{border-left:4px solid var(--line);margin:.5rem 0;padding-left:.75rem;color:var(--muted)}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
`;
