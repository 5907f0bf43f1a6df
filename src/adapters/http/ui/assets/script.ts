/**
 * The web UI's progressive JavaScript (SPEC §17): every page works without it. It turns
 * `<time data-relative>` into "3 minutes ago" (the exact time stays in the title), makes
 * `[data-copy]` buttons copy a link, and opens the folded log group holding the `#step-N-LM`
 * line the address points at.
 */
export const SCRIPT = `(()=>{'use strict';
const fmt=new Intl.RelativeTimeFormat(undefined,{numeric:'auto'});
const units=[['year',31536e6],['month',2592e6],['day',864e5],['hour',36e5],['minute',6e4],['second',1e3]];
function relative(ms){for(const [u,size] of units){if(Math.abs(ms)>=size||u==='second')return fmt.format(Math.round(ms/size),u);}}
function tick(){for(const t of document.querySelectorAll('time[data-relative]')){const at=Date.parse(t.dateTime);if(!isNaN(at)){t.title=new Date(at).toLocaleString();t.textContent=relative(at-Date.now());}}}
function openTarget(){const id=decodeURIComponent(location.hash.slice(1));if(!id)return;const el=document.getElementById(id);
for(let p=el&&el.parentElement;p;p=p.parentElement){if(p.tagName==='DETAILS')p.open=true;}if(el)el.scrollIntoView({block:'center'});}
document.addEventListener('click',(e)=>{const b=e.target.closest&&e.target.closest('button[data-copy]');if(!b)return;
const url=new URL(b.dataset.copy,location.href).href;navigator.clipboard&&navigator.clipboard.writeText(url).then(()=>{b.textContent='Copied';setTimeout(()=>{b.textContent='Copy link';},1500);});});
for(const b of document.querySelectorAll('button[data-copy]'))b.hidden=false;
window.addEventListener('hashchange',openTarget);tick();openTarget();setInterval(tick,30000);})();
`;
