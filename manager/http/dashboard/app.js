var A,rt,en,U,Me,pe,st,de,at,Te,Pe,tn,re=Symbol.for("pv"),me={},he=[],nn=/^m(i|n|o|s|text|space)$/,De=Array.isArray,Ne=he.slice,z=Object.assign;function Q(t){t&&t.parentNode&&t.remove()}function it(t,e,n){var o,i,r,a={},l=arguments.length;for(r in e)r=="key"?o=e[r]:r=="ref"&&typeof t!="function"?i=e[r]:a[r]=e[r];return l>2&&(a.children=l>3?Ne.call(arguments,2):n),oe(t,a,o,i,null)}function oe(t,e,n,o,i){var r={type:t,props:e,key:n,ref:o,__k:null,__:null,__b:0,__e:null,__c:null,constructor:re,__v:i||++rt,__i:-1,__u:0};return!i&&A.vnode&&A.vnode(r),r}function $e(t){return t.children}function _e(t,e){this.props=t,this.context=e,this.__g=0}function W(t,e){if(e==null)return t.__&&W(t.__,t.__i+1);for(var n;e<t.__k.length;e++)if((n=t.__k[e])&&n.__e)return n.__e;return typeof t.type!="function"||t.props.__P?null:W(t)}function on(t){var e,n=t.__v,o=n.__e,i=[],r=[],a=t.__P;a&&((e=z({constructor:re},n)).__v=n.__v+1,A.vnode&&A.vnode(e),Oe(a,e,n,t.__n,a.namespaceURI,32&n.__u?[o]:null,i,o||W(n),32&n.__u,r),e.__v=n.__v,e.__.__k[e.__i]=e,ft(i,e,r),n.__=n.__e=null,e.__e!=o&&ct(e))}function ct(t){if((t=t.__)&&t.__c&&!t.props.__P)return t.__e=null,t.__k.some(function(e){return e&&(t.__e=e.__e)}),ct(t)}function nt(t){(8&t.__g||(t.__g|=8,U.push(t),pe++))&&Me==A.debounceRendering||((Me=A.debounceRendering)||queueMicrotask)(lt)}function lt(){try{for(var t,e=1;U.length;)U.length>e&&U.sort(st),t=U.shift(),e=U.length,8&t.__g&&on(t)}finally{(pe=U.length)&&(Me||queueMicrotask)(lt)}}function ut(t,e,n,o,i,r,a,l,_,h,s){var $,u,c,m,v,b,S=o.__k||he,w=e.length;for(_=rn(n,e,S,_,w),$=0;$<w;$++)(c=n.__k[$])!=null&&(u=~c.__i&&S[c.__i]||me,c.__i=$,b=Oe(t,c,u,i,r,a,l,_,h,s),m=c.__e,(u.ref!=c.ref||8&u.__u)&&(u.ref&&Le(u.ref,null,c,u),c.ref&&s.push(c.ref,c.__c||m,c)),v=v||m,4&c.__u?(_=dt(c,_,t,!u.__v),u.__e&&(u.__e=null)):typeof c.type=="function"&&b!==void 0?_=b:m&&(_=m.nextSibling),c.__u&=-21);return n.__e=v,_}function rn(t,e,n,o,i){var r,a,l,_,h,s,$,u,c,m=n.length,v=m,b=0,S=0,w=t.__k=Array(i);for(r=0;r<i;r++)(a=e[r])!=null&&typeof a!="boolean"&&typeof a!="function"?(typeof a!="object"||a.constructor===String?a=w[r]=oe(null,a):De(a)?a=w[r]=oe($e,{children:a}):a.constructor===re&&a.__b?a=w[r]=oe(a.type,a.props,a.key,a.ref,a.__v):w[r]=a,_=r+b,a.__=t,a.__b=t.__b+1,l=null,~(h=a.__i=sn(a,n,_,v))&&(v--,(l=n[h])&&(l.__u|=2)),l&&l.__v?(a.__u|=16,h==_-1?b--:h==_+1?b++:h!=_&&(h>_?b--:b++,S=1)):(~h||(i>m?b--:i<m&&b++),typeof a.type!="function"&&(a.__u|=4))):w[r]=null;if(S){for(s=[],$=[],r=0;r<i;r++)if((a=w[r])&&16&a.__u){for(b=0,u=s.length;b<u;)s[c=b+u>>1]<a.__i?b=c+1:u=c;s[b]=a.__i,$[r]=b+1}for(b=s.length;r--;)$[r]&&($[r]==b?b--:w[r].__u|=4)}if(v)for(r=0;r<m;r++)!(l=n[r])||2&l.__u||(l.__e==o&&(o=W(l)),Re(l,l));return o}function dt(t,e,n,o){var i,r,a,l;if(typeof t.type=="function"){if(t.props.__P)return e;if(i=t.__k)for(r=0;r<i.length;r++)i[r]&&(i[r].__=t,e=dt(i[r],e,n,!1));return e}for(e&&!e.parentNode&&(e=W(t))&&!e.parentNode&&(e=null),a=t.__e,l=e;l&&l.nodeType==8;)l=l.nextSibling;for(a!=l&&(!o&&n.moveBefore&&a.parentNode?n.moveBefore(a,e):n.insertBefore(a,e||null)),e=a;(e=e&&e.nextSibling)&&e.nodeType==8&&!e.data.startsWith("$s"););return e}function sn(t,e,n,o){var i,r=t.key,a=t.type,l=e[n],_=l&&!(2&l.__u);if(l===null&&r==null||_&&r==l.key&&a==l.type)return n;if(o>(_?1:0)){for(i=n-1;i>=0;i--)if((l=e[i])&&!(2&l.__u)&&r==l.key&&a==l.type)return i;for(i=n+1;i<e.length;i++)if((l=e[i])&&!(2&l.__u)&&r==l.key&&a==l.type)return i}return-1}function ot(t,e,n){n==null&&(n=""),e[0]=="-"?t.setProperty(e,n):t[e]=n}function ue(t,e,n,o,i){var r,a;if(e=="style")if(typeof n=="string")t.style.cssText=n;else{if(typeof o=="string"&&(t.style.cssText=o=""),o)for(e in o)n&&e in n||ot(t.style,e);if(n)for(e in n)o&&n[e]==o[e]||ot(t.style,e,n[e])}else if(e[0]=="o"&&e[1]=="n")typeof n!="function"&&(n=null),typeof o!="function"&&(o=null),(t.__e||(t.__e={}))[e]=n,n&&o||(a=Pe[e]||(Pe[e]=an(e)),(t.__a||(t.__a={}))[e]=Te,r=e!=(e=e.replace(at,"$1")),(e=e.slice(2))[0]<"a"&&(e=e.toLowerCase()),n?t.addEventListener(e,a,r):t.removeEventListener(e,a,r));else{if(i=="http://www.w3.org/2000/svg")e=e.replace(/xlink(H|:h)/,"h").replace(/sName$/,"s");else if(e!="width"&&e!="height"&&e!="href"&&e!="list"&&e!="form"&&e!="tabIndex"&&e!="download"&&e!="rowSpan"&&e!="colSpan"&&e!="role"&&e!="popover"&&e in t)try{return void(t[e]=n??"")}catch{}if(typeof n=="function")return;n==null||n===!1&&e[4]!="-"?t.removeAttribute(e):t.setAttribute(e,e=="popover"&&n==1?"":n)}}function an(t){return function(e){var n=this.__e;if(n){if(n=n[t],e[de]==null)e[de]=Te++;else if(e[de]<this.__a[t])return;return n(A.event?A.event(e):e)}}}function Oe(t,e,n,o,i,r,a,l,_,h){var s,$,u,c,m,v,b,S,w,E,C,T,g,I,D,B,F,d,f=e.type;if(e.constructor!==re)return null;128&n.__u&&(_=32&n.__u,s=n.__c.__z)&&(e.__u|=_,$=r=[],s.nodeType==8?l=fe(s,r):r.push(s),l=r[0]||l),(s=A.__b)&&s(e);e:if(typeof f=="function"){u=a.length;try{if(S=e.props,w=(s=f.prototype)&&s.render,E=(s=f.contextType)&&o[s.__c],C=s?E?E.props.value:s.__:o,(c=n.__c)?(e.__c=c,2&c.__g&&(c.__g|=1)):(w?e.__c=c=new f(S,C):(e.__c=c=new _e(S,C),c.constructor=f,c.render=ln),E&&E.sub(c),c.state||(c.state={}),c.__n=o,c.__g|=8,c.__h=[],c.__k=[]),w&&(c.__s||(c.__s=c.state),f.getDerivedStateFromProps&&(c.__s==c.state&&(c.__s=z({},c.__s)),z(c.__s,f.getDerivedStateFromProps(S,c.__s)))),m=c.props,v=c.state,c.__v=e,n.__c){if(S!==m&&w&&!f.getDerivedStateFromProps&&c.componentWillReceiveProps&&c.componentWillReceiveProps(S,C),e.__v==n.__v&&!(8&c.__g)||!(4&c.__g)&&c.shouldComponentUpdate&&c.shouldComponentUpdate(S,c.__s,C)===!1){e.__v!=n.__v&&(c.props=S,c.state=c.__s,c.__g&=-9),e.__e=n.__e,e.__k=n.__k,e.__k.some(function(y){y&&(y.__=e)}),he.push.apply(c.__h,c.__k),c.__k=[],c.__h.length&&a.push(c),l=W(n);break e}c.componentWillUpdate&&c.componentWillUpdate(S,c.__s,C),w&&c.componentDidUpdate&&c.__h.push(function(){c.componentDidUpdate(m,v,b)})}else w&&!f.getDerivedStateFromProps&&c.componentWillMount&&c.componentWillMount(),w&&c.componentDidMount&&c.__h.push(c.componentDidMount);c.context=C,c.props=S,c.__P=t,c.__g&=-5,T=A.__r,g=w?25:0;do c.__g&=-9,T&&T(e),s=c.render(c.props,c.state=c.__s,c.context);while(8&c.__g&&++g<25);w&&(he.push.apply(c.__h,c.__k),c.__k=[]),c.state=c.__s,c.getChildContext&&(o=z({},o,c.getChildContext())),w&&n.__c&&c.getSnapshotBeforeUpdate&&(b=c.getSnapshotBeforeUpdate(m,v)),I=s&&s.type===$e&&s.key==null?s.props.children:s,S.__P&&(s=l,i=(t=S.__P).namespaceURI,_=r=null,n.props&&n.props.__P!=t&&(n.__k.some(function(y){y&&Re(y,y)}),n.__k=null),l=n.__k?W(n,0):null),l=ut(t,De(I)?I:[I],e,n,o,i,r,a,l,_,h),S.__P&&(e.__e=null,l=s),e.__u&=-161,$&&$.some(Q),c.__h.length&&a.push(c),1&c.__g&&(c.__g&=-4)}catch(y){if(a.length=u,e.__v=null,_||r)if(y&&y.then){if(e.__u|=128|_,r){for(~(F=r.indexOf(l||void 0))||(F=r.length);(d=r[F-1])&&d.nodeType==8;)F--;for(;F<r.length;F++)if(d=r[F])if(r[F]=null,D){if(d==B)break}else{if(d.nodeType!=8)break;d.data.startsWith("$s")&&(B=fe(D=d))}}if(!D){for(;l&&l.nodeType==8&&l.nextSibling;)l=l.nextSibling;D=l}(s=fe(D=e.__c.__z||(e.__c.__z=D)))?(e.__e=D,l=s):e.__e=l,l=l&&l.nextSibling}else r&&r.some(Q);else e.__e=n.__e;e.__k||(e.__k=n.__k||[]),y&&y.then||_t(e),A.__e(y,e,n)}}else l=e.__e=cn(n.__e,e,n,o,i,r,a,_,h,t);return(s=A.diffed)&&s(e),l}function fe(t,e){if(t&&t.nodeType==8&&t.data.startsWith("$s"))for(var n=1;t=t.nextSibling;){if(t.nodeType==8){if(t.data.startsWith("$s"))n++;else if(t.data.startsWith("/$s")&&!--n)return t}e&&e.push(t)}}function _t(t){t&&(t.__c&&(t.__c.__g|=4),t.__k&&t.__k.some(_t))}function ft(t,e,n){for(var o=0;o<n.length;)Le(n[o++],n[o++],n[o++]);A.__c&&A.__c(e,t),t.some(function(i){try{t=i.__h,i.__h=[],t.some(function(r){r.call(i)})}catch(r){A.__e(r,i.__v)}})}function cn(t,e,n,o,i,r,a,l,_,h){var s,$,u,c,m,v,b,S,w=n.props||me,E=e.props,C=e.type;if(C=="svg"?i="http://www.w3.org/2000/svg":C=="math"?i="http://www.w3.org/1998/Math/MathML":i||(i="http://www.w3.org/1999/xhtml"),r){for(s=0;s<r.length;s++)if((m=r[s])&&(C?m.localName==C:m.nodeType==3)){t=m,r[s]=null;break}}if(!t){if(S=h.ownerDocument||document,!C)return S.createTextNode(E);t=S.createElementNS(i,C,E.is?E:h),l&&(A.__m&&A.__m(e,r),l=!1),r=null}if(C){if(h=C=="template"&&t.content||t,r=C=="textarea"&&E.defaultValue!=null?null:r&&Ne.call(h.childNodes),!l&&r)for(w={},s=0;s<t.attributes.length;s++)w[(m=t.attributes[s]).name]=m.value;for(s in w)m=w[s],s=="dangerouslySetInnerHTML"?u=m:s=="children"||s in E||s=="value"&&"defaultValue"in E||s=="checked"&&"defaultChecked"in E||ue(t,s,null,m,i);for(s in E)m=E[s],s=="children"?c=m:s=="dangerouslySetInnerHTML"?$=m:s=="value"?v=m:s=="checked"?b=m:l&&typeof m!="function"||w[s]===m||ue(t,s,m,w[s],i);$?(l||u&&($.__html==u.__html||$.__html==t.innerHTML)||(t.innerHTML=$.__html),e.__k=[]):(u&&(t.textContent=""),(C=="foreignObject"||i=="http://www.w3.org/1998/Math/MathML"&&nn.test(C))&&(i="http://www.w3.org/1999/xhtml"),ut(h,De(c)?c:[c],e,n,o,i,r,a,r?r[0]:n.__k&&W(n,0),l,_),r&&r.some(Q)),l&&C!="textarea"||(s="value",C=="progress"&&v==null?t.removeAttribute(s):v==null||v===t[s]&&(C!="progress"||v)||ue(t,s,v,w[s],i),s="checked",b!=null&&b!=t[s]&&ue(t,s,b,w[s],i))}else w===E||l&&t.data==E||(t.data=E);return t}function Le(t,e,n,o){try{typeof t=="function"?e?e.__x=t(e)||1:o&&(o=o.__c||o.__e)&&(e=o.__x)&&(o.__x=null,typeof e=="function"?e():t(null)):t.current=e}catch(i){A.__e(i,n)}}function Re(t,e,n){var o,i,r,a;if(A.unmount&&A.unmount(t),!(o=t.ref)||o.current&&o.current!=t.__e||Le(o,null,e,t),o=t.__c){if(o.componentWillUnmount)try{o.componentWillUnmount()}catch(l){A.__e(l,e)}o.__P=o.__n=null}if(o=t.__k)for(a=0;a<o.length;a++)o[a]&&Re(o[a],e,typeof t.type!="function"||n&&!t.props.__P);!n&&(o=t.__c)&&(o=o.__z)&&(i=fe(o,r=[]))&&(o==t.__e&&r.some(Q),Q(i),Q(o)),n||Q(t.__e),t.__e=t.__c=t.__=null}function ln(t,e,n){return this.constructor(t,n)}function pt(t,e){var n,o,i,r;A.__&&A.__(t,e),e.nodeType==9&&(e=e.documentElement),o=(n=t&&32&t.__u)?null:e.__k,e.__k=oe($e,{children:[t]}),i=[],r=[],Oe(e,e.__k,o||me,me,e.namespaceURI,o?null:e.firstChild?Ne.call(e.childNodes):null,i,o?o.__e:e.firstChild,n,r),ft(i,e.__k,r),e.__k.props.children=null}A={__e:function(t,e,n,o){for(var i,r,a;e=e.__;)if((i=e.__c)&&!(1&i.__g)){i.__g|=4;try{if((a=(r=i.constructor)&&r.getDerivedStateFromError)&&i.setState(r.getDerivedStateFromError(t)),i.componentDidCatch&&(i.componentDidCatch(t,o||{}),a=1),a&&8&i.__g)return void(i.__g|=2)}catch(l){t=l}}throw pe=0,t}},rt=0,en=function(t){return t!=null&&t.constructor===re},_e.prototype.setState=function(t,e){var n=this.__s;n&&n!=this.state||(n=this.__s=z({},this.state)),typeof t=="function"&&(t=t(z({},n),this.props)),t&&(z(n,t),this.__v&&(e&&this.__k.push(e),nt(this)))},_e.prototype.forceUpdate=function(t){this.__v&&(this.__g|=4,t&&this.__h.push(t),nt(this))},_e.prototype.render=$e,U=[],pe=0,st=function(t,e){return t.__v.__b-e.__v.__b},de=Symbol(),at=/(PointerCapture)$|Capture$/i,Te=0,Pe={},tn=0;var ae,R,Fe,mt,He=Object.is,be=0,St=[],Be=[],O=A,ht=O.__b,$t=O.__r,bt=O.diffed,gt=O.__c,vt=O.unmount,yt=O.__;function We(t,e){O.__h&&O.__h(R,t,be||e),be=0;var n=R.__H||(R.__H={__:[],__h:[]});return t>=n.__.length&&n.__.push({}),n.__[t]}function x(t){return be=1,un(Et,t)}function un(t,e,n){var o=We(ae++,2);if(o.t=t,!o.__c&&(o.__=[n?n(e):Et(void 0,e),function(r){var a=(o.__N||o.__)[0],l=o.t(a,r);He(a,l)||(o.__N=[l,o.__[1]],o.__c.setState({}))}],o.__c=R,!R.__f)){R.__f=!0;var i=R.shouldComponentUpdate;R.shouldComponentUpdate=function(r,a,l){var _=this.__H;if(!_)return!0;var h=!1,s=this.props!=r;if(_.__.some(function(u){u.__N&&(h=!0,He(u.__[0],u.__N[0])||(s=!0))}),i){var $=i.call(this,r,a,l);return h?$||s:$}return!h||s}}return o.__}function P(t,e){var n=We(ae++,3);!O.__s&&Ct(n.__H,e)&&(n.__P=!0,n.__=t,n.u=e,R.__H.__h.push(n))}function ie(t){return be=5,dn(function(){return{current:t}},[])}function dn(t,e){var n=We(ae++,7);return Ct(n.__H,e)&&(n.__=t(),n.__H=e),n.__}function _n(){var t;do{for(;t=Be.shift();)try{se(t)}catch(n){O.__e(n,{__:(t=t.__P)&&t.__v})}for(;t=St.shift();){var e=t.__H;if(t.__P&&e)try{e.__h.some(se),e.__h.some(Ue),e.__h=[]}catch(n){e.__h=[],O.__e(n,t.__v)}}}while(Be.length)}O.__b=function(t){R=null,ht&&ht(t)},O.__=function(t,e){t&&e.__k&&e.__k.__m&&(t.__m=e.__k.__m),yt&&yt(t,e)},O.__r=function(t){$t&&$t(t),ae=0;var e=(R=t.__c).__H;e&&(Fe==R?R.__h=[]:(e.__h.some(se),e.__h.some(Ue),ae=0),e.__h=[],e.__.some(function(n){n.__N&&(n.__=n.__N),n.u=n.__N=void 0})),Fe=R},O.diffed=function(t){bt&&bt(t);var e=t.__c;e&&e.__H&&(e.__H.__h.length&&xt(St.push(e)),e.__H.__.some(function(n){n.u&&(n.__H=n.u)})),Fe=R=null},O.__c=function(t,e){e.some(function(n){try{n.__h.some(se),n.__h=n.__h.filter(function(o){return!o.__||Ue(o)})}catch(o){n.__h=[function(){throw o}]}}),gt&&gt(t,e)},O.unmount=function(t){vt&&vt(t);var e,n,o=t.__c;o&&o.__H&&(o.__H.__.some(function(i){try{if(i.__P&&i.__c){if(n===void 0){for(n=t.__;n&&(!n.__c||!n.__c.__P);)n=n.__;n=n&&n.__c}i.__P=n,xt(Be.push(i))}else se(i)}catch(r){e=r}}),o.__H=void 0,e&&O.__e(e,o.__v))};var wt=typeof requestAnimationFrame=="function";function fn(t){var e,n=function(){clearTimeout(o),wt&&cancelAnimationFrame(e),setTimeout(t)},o=setTimeout(n,35);wt&&(e=requestAnimationFrame(n))}function xt(t){t!=1&&mt==O.requestAnimationFrame||((mt=O.requestAnimationFrame)||fn)(_n)}function se(t){var e=R,n=t.__c;typeof n=="function"&&(t.__c=void 0,n()),R=e}function Ue(t){var e=R;t.__c=t.__(),R=e}function Ct(t,e){return!t||t.length!=e.length||e.some(function(n,o){return!He(n,t[o])})}function Et(t,e){return typeof e=="function"?e(t):e}var ee=class extends Error{constructor(e,n){super(e),this.name="ParseError",this.type=n.type,this.field=n.field,this.value=n.value,this.line=n.line}};var ge=10,ve=13,K=32,It=6;function je(t){if(typeof t=="function")throw new TypeError("`config` must be an object, got a function instead. Did you mean `createParser({onEvent: fn})`?");let{maxBufferSize:e,onComment:n,onError:o,onEvent:i,onId:r,onRetry:a}=t,l=[],_=0,h="",s,$="",u=0,c,m=!1,v=!1,b=!1;function S(d){if(m)throw new Error("Cannot feed parser: it was terminated after exceeding the configured max buffer size. Call `reset()` to resume parsing.");if(h!==void 0){if(d=h+d,d===""||d==="\xEF"||d==="\xEF\xBB"){h=d;return}h=void 0,d=d.replace(/^(?:\uFEFF|\xEF\xBB\xBF)/,"")}if((v||b)&&(d=w(d),!d))return;if(!l.length){let y=g(d);y!==""&&E(y),T();return}if(d.indexOf(`
`)===-1&&d.indexOf("\r")===-1){if(_<It){let y=l.join("")+d.slice(0,It-_);if(!C(y)){l.length=0,_=0,v=!0;return}}l.push(d),_+=d.length,T();return}l.push(d);let f=l.join("");l.length=0,_=0,E(g(f)),T()}function w(d){if(d.length===0)return d;if(b)return b=!1,d.charCodeAt(0)===ge?d.slice(1):d;let f=d.indexOf("\r"),y=d.indexOf(`
`),N=f===-1?y:y===-1||f<y?f:y;return N===-1?"":N===d.length-1&&d.charCodeAt(N)===ve?(v=!1,b=!0,""):(v=!1,d.slice(N+(d.charCodeAt(N)===ve&&d.charCodeAt(N+1)===ge?2:1)))}function E(d){if(d){if(d.charCodeAt(d.length-1)===ve){if(I(d,0,d.length-1),T())return;b=!0;return}if(C(d)){l.push(d),_=d.length;return}v=!0}}function C(d){let f=d.charCodeAt(0);return f===58&&!!n||f===100&&ye(d,"data")||f===101&&ye(d,"event")||f===105&&ye(d,"id")||f===114&&ye(d,"retry")}function T(){return m?!0:e===void 0||_+$.length<=e?!1:(m=!0,l.length=0,_=0,s=void 0,$="",u=0,c=void 0,v=!1,b=!1,o?.(new ee(`Buffered data exceeded max buffer size of ${e} characters`,{type:"max-buffer-size-exceeded"})),!0)}function g(d){let f=0;if(d.indexOf("\r")===-1){let k=d.indexOf(`
`,f);for(;k!==-1;){if(f===k){s!==void 0&&r?.(s),u>0&&i?.({id:s,event:c,data:$}),s=void 0,$="",u=0,c=void 0,f=k+1,k=d.indexOf(`
`,f);continue}let V=d.charCodeAt(f);if(kt(d,f,V)){let Ae=d.charCodeAt(f+5)===K?f+6:f+5,ne=d.slice(Ae,k);if(u===0&&d.charCodeAt(k+1)===ge){s!==void 0&&r?.(s),i?.({id:s,event:c,data:ne}),s=void 0,$="",c=void 0,f=k+2,k=d.indexOf(`
`,f);continue}$=u===0?ne:`${$}
${ne}`,u++}else At(d,f,V)?c=d.slice(d.charCodeAt(f+6)===K?f+7:f+6,k)||void 0:I(d,f,k);if(T())return"";f=k+1,k=d.indexOf(`
`,f)}return d.slice(f)}let y=d.indexOf("\r",f),N=d.indexOf(`
`,f);for(;f<d.length;){let k=-1;if(y!==-1&&N!==-1?k=y<N?y:N:y!==-1?y===d.length-1?k=-1:k=y:N!==-1&&(k=N),k===-1)break;if(I(d,f,k),T())return"";f=k+1,d.charCodeAt(f-1)===ve&&d.charCodeAt(f)===ge&&f++,y!==-1&&y<f&&(y=d.indexOf("\r",f)),N!==-1&&N<f&&(N=d.indexOf(`
`,f))}return d.slice(f)}function I(d,f,y){if(f===y){B();return}let N=d.charCodeAt(f);if(kt(d,f,N)){let Z=d.charCodeAt(f+5)===K?f+6:f+5,tt=d.slice(Z,y);$=u===0?tt:`${$}
${tt}`,u++;return}if(At(d,f,N)){c=d.slice(d.charCodeAt(f+6)===K?f+7:f+6,y)||void 0;return}if(N===105&&d.charCodeAt(f+1)===100&&d.charCodeAt(f+2)===58){let Z=d.slice(d.charCodeAt(f+3)===K?f+4:f+3,y);Z.includes("\0")||(s=Z);return}if(N===58){if(n){let Z=d.slice(f,y);n(Z.slice(d.charCodeAt(f+1)===K?2:1))}return}let k=d.slice(f,y),V=k.indexOf(":");if(V===-1){D(k,"",k);return}let Ae=k.slice(0,V),ne=k.charCodeAt(V+1)===K?2:1,Zt=k.slice(V+ne);D(Ae,Zt,k)}function D(d,f,y){switch(d){case"event":c=f||void 0;break;case"data":$=u===0?f:`${$}
${f}`,u++;break;case"id":f.includes("\0")||(s=f);break;case"retry":/^\d+$/.test(f)?a?.(parseInt(f,10)):o?.(new ee(`Invalid \`retry\` value: "${f}"`,{type:"invalid-retry",value:f,line:y}));break;default:o?.(new ee(`Unknown field "${d.length>20?`${d.slice(0,20)}\u2026`:d}"`,{type:"unknown-field",field:d,value:f,line:y}));break}}function B(){s!==void 0&&r?.(s),u>0&&i?.({id:s,event:c,data:$}),s=void 0,$="",u=0,c=void 0}function F(d={}){if(d.consume&&l.length>0){let f=l.join("");I(f,0,f.length)}h="",s=void 0,$="",u=0,c=void 0,l.length=0,_=0,m=!1,v=!1,b=!1}return{feed:S,reset:F}}function kt(t,e,n){return n===100&&t.charCodeAt(e+1)===97&&t.charCodeAt(e+2)===116&&t.charCodeAt(e+3)===97&&t.charCodeAt(e+4)===58}function At(t,e,n){return n===101&&t.charCodeAt(e+1)===118&&t.charCodeAt(e+2)===101&&t.charCodeAt(e+3)===110&&t.charCodeAt(e+4)===116&&t.charCodeAt(e+5)===58}function ye(t,e){let n=1;for(;n<t.length&&n<e.length;){if(t.charCodeAt(n)!==e.charCodeAt(n))return!1;n++}return t.length<=e.length||t.charCodeAt(e.length)===58}var Ve="titan.token",Mt="/api/titan.ManagerService/",te=class extends Error{status;code;constructor(e,n,o){super(o),this.status=e,this.code=n,this.name="ApiError"}};function we(){return sessionStorage.getItem(Ve)??""}function xe(t){t?sessionStorage.setItem(Ve,t):sessionStorage.removeItem(Ve)}function Pt(t={}){let e=we();return{"content-type":"application/json",...e?{authorization:`Bearer ${e}`}:{},...t}}async function Tt(t){let e=await t.json().catch(()=>({}));return new te(t.status,e.code??"UNKNOWN",e.message??t.statusText)}async function Se(t,e){let n=await fetch(t,{method:"POST",headers:Pt(),body:JSON.stringify(e)});if(!n.ok)throw await Tt(n);return await n.json()}function L(t,e={}){return Se(Mt+t,e)}function Ce(){return Se("/api/dashboard/Overview",{})}var qe;function Dt(){return qe??=Se("/api/dashboard/Schema",{}).catch(t=>{throw qe=void 0,t}),qe}var Je=new Map;function j(t){let e=Je.get(t);return e||(e=L(t,{}).then(()=>!0,n=>{if(n instanceof te&&n.code==="UNIMPLEMENTED")return!1;throw Je.delete(t),n}),Je.set(t,e)),e}function Nt(t,e){return Se("/api/dashboard/SearchJobs",{...t,text:e})}async function Ot(t,e,n,o){let i=await fetch(t,{method:"POST",headers:Pt({accept:"text/event-stream"}),body:JSON.stringify(e),signal:o});if(!i.ok)throw await Tt(i);let r=je({onEvent:_=>n(_.event??"message",JSON.parse(_.data))}),a=i.body.getReader(),l=new TextDecoder;try{for(;;){let{done:_,value:h}=await a.read();if(_)return;r.feed(l.decode(h,{stream:!0}))}}catch(_){if(o.aborted)return;throw _}}function Lt(t,e,n){return Ot(Mt+"WatchJob",{jobId:t,fromStart:!0},e,n)}function Rt(t,e,n){return Ot("/api/dashboard/WatchJobs",{jobIds:t},e,n)}function Ft(t){let e=atob(t),n=new Uint8Array(e.length);for(let o=0;o<e.length;o++)n[o]=e.charCodeAt(o);return n}var Bt=function(t,e,n,o){var i;e[0]=0;for(var r=1;r<e.length;r++){var a=e[r++],l=e[r]?(e[0]|=a?1:2,n[e[r++]]):e[++r];a===3?o[0]=l:a===4?o[1]=Object.assign(o[1]||{},l):a===5?(o[1]=o[1]||{})[e[++r]]=l:a===6?o[1][e[++r]]+=l+"":a?(i=t.apply(l,Bt(t,l,n,["",null])),o.push(i),l[0]?e[0]|=2:(e[r-2]=0,e[r]=i)):o.push(l)}return o},Ht=new Map;function Qe(t){var e=Ht.get(this);return e||(e=new Map,Ht.set(this,e)),(e=Bt(this,e.get(t)||(e.set(t,e=function(n){for(var o,i,r=1,a="",l="",_=[0],h=function(u){r===1&&(u||(a=a.replace(/^\s*\n\s*|\s*\n\s*$/g,"")))?_.push(0,u,a):r===3&&(u||a)?(_.push(3,u,a),r=2):r===2&&a==="..."&&u?_.push(4,u,0):r===2&&a&&!u?_.push(5,0,!0,a):r>=5&&((a||!u&&r===5)&&(_.push(r,0,a,i),r=6),u&&(_.push(r,u,0,i),r=6)),a=""},s=0;s<n.length;s++){s&&(r===1&&h(),h(s));for(var $=0;$<n[s].length;$++)o=n[s][$],r===1?o==="<"?(h(),_=[_],r=3):a+=o:r===4?a==="--"&&o===">"?(r=1,a=""):a=o+a[0]:l?o===l?l="":a+=o:o==='"'||o==="'"?l=o:o===">"?(h(),r=1):r&&(o==="="?(r=5,i=a,a=""):o==="/"&&(r<5||n[s][$+1]===">")?(h(),r===3&&(_=_[0]),r=_,(_=_[0]).push(2,0,r),r=0):o===" "||o==="	"||o===`
`||o==="\r"?(h(),r=2):a+=o),r===3&&a==="!--"&&(r=4,_=_[0])}return h(),_}(t)),e),arguments,[])).length>1?e:e[0]}var pn=Qe.default??Qe,p=pn.bind(it);var mn=5e3,ze=600,ce=150;function Ke(t){return t===0?"0":Math.abs(t)>=100?t.toFixed(0):Math.abs(t)>=1?t.toFixed(1):t.toPrecision(2)}function Ee({title:t,unit:e,series:n,minScale:o=1}){let i=n.flatMap(m=>m.points),r=i.map(([m])=>m),a=i.map(([,m])=>m).filter(m=>m!==null),l=Math.min(...r,Date.now()-36e5),_=Math.max(...r,Date.now()),h=Math.max(...a,o)*1.1,s=m=>(m-l)/(_-l||1)*ze,$=m=>ce-m/h*ce,u=m=>[...m.points].reverse().find(([,v])=>v!==null)?.[1],c=n.map(m=>`${m.label} ${Ke(u(m)??0)}`).join(", ");return p`
    <figure class="card chart">
      <figcaption>
        <h2>${t}</h2>
        <ul class="legend">
          ${n.map(m=>p`<li class=${m.cls}><span class="swatch"></span>${m.label}
            <strong>${Ke(u(m)??0)}</strong> ${e}</li>`)}
        </ul>
      </figcaption>
      <svg viewBox=${`0 0 ${ze} ${ce}`} preserveAspectRatio="none" role="img"
        aria-label=${`${t}, last hour; now: ${c}`}>
        <line x1="0" y1=${ce} x2=${ze} y2=${ce} class="axis" />
        ${n.map(m=>{let v=[],b=[];for(let[S,w]of m.points)w===null?(b.length&&v.push(b.join(" ")),b=[]):b.push(`${s(S).toFixed(1)},${$(w).toFixed(1)}`);return b.length&&v.push(b.join(" ")),v.map(S=>p`<polyline class=${`line ${m.cls}`} points=${S} />`)})}
      </svg>
      <div
        class="scale muted"><span>1 h ago</span><span>max ${Ke(h/1.1)} ${e}</span><span>now</span></div>
    </figure>
  `}function Ye(t,e){let n=[];for(let o=1;o<t.length;o++){let i=(t[o].t-t[o-1].t)/1e3;i>0&&n.push([t[o].t,Math.max(0,t[o][e]-t[o-1][e])/i])}return n}function Ut(){let[t,e]=x([]),[n,o]=x("");P(()=>{let a=()=>Ce().then(_=>{e(_.samples),o("")}).catch(_=>o(_.message));a();let l=setInterval(a,mn);return()=>clearInterval(l)},[]);let i=t[t.length-1],r=a=>t.map(l=>[l.t,l[a]]);return p`
    <h1>Last hour</h1>
    ${n?p`<p class="error" role="alert">${n}</p>`:null}
    ${i?p`<p class="muted totals">${`As of ${new Date(i.t).toLocaleTimeString()}, since the manager started: `}
          <span data-total="submitted">${i.submitted}</span>${" submitted, "}
          <span data-total="completed">${i.completed}</span>${" completed, "}
          <span data-total="failed">${i.failed}</span>${" failed, "}
          <span data-total="cancelled">${i.cancelled}</span>${" cancelled."}</p>`:null}
    <div class="charts">
      <${Ee} title="Jobs finished per second" unit="/s" minScale=${.1} series=${[{label:"completed",cls:"c-completed",points:Ye(t,"completed")},{label:"failed",cls:"c-failed",points:Ye(t,"failed")},{label:"cancelled",cls:"c-cancelled",points:Ye(t,"cancelled")}]} />
      <${Ee} title="Queue length" unit="jobs" series=${[{label:"waiting",cls:"c-pending",points:r("queueLength")}]} />
      <${Ee} title="Queue wait" unit="s" minScale=${.01} series=${[{label:"p50",cls:"c-completed",points:r("waitP50")},{label:"p99",cls:"c-failed",points:r("waitP99")}]} />
      <${Ee} title="Running attempts and slots" unit="" series=${[{label:"running",cls:"c-running",points:r("running")},{label:"slots",cls:"c-slots",points:r("slots")}]} />
    </div>
  `}var hn=["COMPLETED","FAILED","CANCELLED"],Wt=["PENDING","SCHEDULED","RUNNING","COMPLETED","FAILED","CANCELLED"],le=t=>hn.includes(t);function Y(t,e=Date.now()){if(!t)return"";let n=Math.max(0,Math.round((e-Date.parse(t))/1e3));return n<60?`${n} s ago`:n<3600?`${Math.floor(n/60)} min ago`:n<86400?`${Math.floor(n/3600)} h ago`:`${Math.floor(n/86400)} d ago`}function q(t){return t?new Date(t).toLocaleString():"\u2014"}function jt(t,e,n=Date.now()){if(!t)return"\u2014";let o=(e?Date.parse(e):n)-Date.parse(t);return o<1e3?`${o} ms`:o<6e4?`${(o/1e3).toFixed(1)} s`:`${Math.floor(o/6e4)} min ${Math.round(o%6e4/1e3)} s`}function Ie(t){return t<1024?`${t} B`:t<1024*1024?`${(t/1024).toFixed(1)} KiB`:`${(t/1024/1024).toFixed(1)} MiB`}var J=t=>t.slice(-12);function ke(t,e){let n={};for(let[o,i]of t.split(`
`).entries()){let r=i.trim();if(!r)continue;let a=r.indexOf("=");if(a<=0)throw new Error(`${e} line ${o+1}: expected NAME=VALUE, got "${r}"`);n[r.slice(0,a).trim()]=r.slice(a+1)}return n}var G=t=>Object.entries(t??{}).map(([e,n])=>`${e}=${n}`).join(`
`);function X(t){return!!t&&(t.cpuMillis>0||t.memoryMb>0||Object.keys(t.devices??{}).length>0)}function qt(t){let e=[];t.cpuMillis&&e.push(`${t.cpuMillis/1e3} cores`),t.memoryMb&&e.push(`${t.memoryMb} MiB`);for(let[n,o]of Object.entries(t.devices??{}))e.push(`${n} ${o}`);return e.join(", ")}var $n=50,bn=2e3,gn=1e4;function Ge({state:t}){return p`<span class=${`badge s-${t.toLowerCase()}`}>${t}</span>`}function Jt(){let[t,e]=x([]),[n,o]=x(""),[i,r]=x(""),[a,l]=x([""]),[_,h]=x([]),[s,$]=x(""),[u,c]=x({}),[m,v]=x(""),b=a[a.length-1],S=ie(0),w=async()=>{let g=++S.current;try{let I={states:t,pageSize:$n,pageToken:b},D=i?await Nt(I,i):await L("ListJobs",I);if(g!==S.current)return;h(D.jobs),$(D.nextPageToken),v("")}catch(I){v(I.message)}Ce().then(I=>c(I.counts)).catch(()=>{})};P(()=>{if(w(),b!=="")return;let g=setInterval(w,i?gn:bn);return()=>clearInterval(g)},[t.join(),i,b]);let E=_.filter(g=>!le(g.state)).map(g=>g.jobId);P(()=>{if(E.length===0)return;let g=new AbortController;return Rt(E,(I,D)=>{if(I!=="status")return;let B=D;h(F=>F.map(d=>d.jobId===B.jobId?{...d,...B}:d))},g.signal).catch(()=>{}),()=>g.abort()},[E.join()]);let C=g=>{e(I=>I.includes(g)?I.filter(D=>D!==g):[...I,g]),l([""])},T=Object.values(u).reduce((g,I)=>g+I,0);return p`
    <h1>Jobs</h1>
    <div class="counts" role="group" aria-label="Filter by state">
      ${Wt.map(g=>p`
          <button class=${`count s-${g.toLowerCase()}`} aria-pressed=${t.includes(g)}
            onClick=${()=>C(g)}>
            <span class="n" data-state=${g}>${u[g]??0}</span> ${g}
          </button>
        `)}
      <span class="muted total">${T} in all</span>
    </div>
    <form class="search" role="search" onSubmit=${g=>{g.preventDefault(),r(n.trim()),l([""])}}>
      <label for="q" class="sr">Search jobs by command</label>
      <input id="q" type="search" placeholder="Search commands" value=${n}
        onInput=${g=>o(g.target.value)} />
      <button type="submit">Search</button>
      ${i?p`<button type="button" onClick=${()=>{o(""),r(""),l([""])}}>Clear</button>`:null}
    </form>
    ${m?p`<p class="error" role="alert">${m}</p>`:null}
    <div class="table-wrap">
      <table class="jobs">
        <thead><tr>
          <th>Job</th><th>State</th><th class="wide">Command</th><th class="opt">Worker</th>
          <th class="opt">Attempt</th><th>Created</th>
        </tr></thead>
        <tbody>
          ${_.map(g=>p`
              <tr key=${g.jobId} data-job=${g.jobId}>
                <td><a href=${`#/jobs/${g.jobId}`} class="mono">${g.name||J(g.jobId)}</a></td>
                <td>
                  <${Ge} state=${g.state} />
                </td>
                <td class="wide mono cmd" title=${g.command}>${g.command}</td>
                <td class="opt">${g.workerId||"\u2014"}</td>
                <td class="opt">${g.attempt||"\u2014"}</td>
                <td title=${g.createdAt}>${Y(g.createdAt)}</td>
              </tr>
            `)}
        </tbody>
      </table>
      ${_.length===0?p`<p class="muted">No jobs${t.length?" in these states":""}.</p>`:null}
    </div>
    <nav class="pager" aria-label="Pages">
      <button disabled=${a.length===1} onClick=${()=>l(g=>g.slice(0,-1))}>
        ← Newer</button>
      <span class="muted">Page ${a.length}</span>
      <button disabled=${!s} onClick=${()=>l(g=>[...g,s])}>Older →</button>
    </nav>
  `}function vn(t){let e={command:t.command,env:t.env,cwd:t.cwd,timeoutSeconds:t.timeoutSeconds,maxRetries:t.maxRetries,priority:t.priority};return t.name&&(e.name=t.name),t.queue&&(e.queue=t.queue),X(t.resources)&&(e.resources=t.resources),t.selector&&Object.keys(t.selector).length&&(e.selector=t.selector),t.dependencies?.length&&(e.dependsOn=t.dependencies.map(n=>n.jobId),e.dependencyPolicy=t.dependencyPolicy),e}var Ze=1e6,Xe=t=>({attempt:t,stdout:"",stderr:"",stdoutBytes:0,stderrBytes:0,stdoutDropped:!1,stderrDropped:!1});function M({label:t,children:e}){return p`
    <dt>${t}</dt>
    <dd>${e}</dd>
  `}function yn({job:t}){let e=t.dependencies??[];if(e.length===0)return null;let n=36,o=e.length*n,i=o/2,r=t.dependencyPolicy==="DEPENDENCY_POLICY_AFTER_COMPLETION"?"runs once they have all ended, whatever the outcome":"runs once they have all completed";return p`
    <section aria-label="Dependencies" class="deps">
      <h2>Depends on <span class="muted">(${r})</span></h2>
      <svg class="graph" viewBox=${`0 0 440 ${o}`} width="440" height=${o} role="img"
        aria-label=${`Depends on ${e.map(a=>`${a.name||a.jobId} (${a.state})`).join(", ")}`}>
        ${e.map((a,l)=>{let _=l*n+n/2;return p`
            <a href=${`#/jobs/${a.jobId}`}>
              <rect x="2" y=${_-13} width="210" height="26" rx="4"
                class=${`node s-${a.state.toLowerCase()}`} />
              <text x="10" y=${_+4}>${a.name||J(a.jobId)} · ${a.state}</text>
            </a>
            <path d=${`M212 ${_} C 262 ${_}, 262 ${i}, 312 ${i}`} class="edge" />
          `})}
        <rect x="312" y=${i-13} width="124" height="26" rx="4"
          class=${`node s-${t.state.toLowerCase()}`} />
        <text x="320" y=${i+4}>${t.name||"this job"}</text>
      </svg>
    </section>
  `}function Vt({title:t,text:e,truncated:n,dropped:o,total:i,running:r}){let a=ie(null),l=ie(!0);P(()=>{a.current&&l.current&&(a.current.scrollTop=a.current.scrollHeight)},[e]);let _=()=>{let h=a.current;l.current=h.scrollHeight-h.scrollTop-h.clientHeight<24};return p`
    <section class="output" aria-label=${t}>
      <h2>${t} <span class="muted">${Ie(i)}${r?" \xB7 following live":""}</span></h2>
      ${n?p`<p class="note">Output capped: the manager kept the first part of the ${Ie(i)}
            written.</p>`:null}
      ${o?p`<p class="note">This page keeps the last ${Ie(Ze)} of live
            output; what came before is not shown here.</p>`:null}
      <pre tabIndex="0" ref=${a} onScroll=${_} data-stream=${t.toLowerCase()}
        aria-live="off">${e||" "}</pre>
    </section>
  `}function Qt({jobId:t}){let[e,n]=x(),[o,i]=x(Xe(0)),[r,a]=x(""),[l,_]=x(""),[h,s]=x(!1),[,$]=x(0),u=e!==void 0&&!le(e.state);if(P(()=>{if(!u)return;let b=setInterval(()=>$(Date.now()),1e3);return()=>clearInterval(b)},[u]),P(()=>{let b=new AbortController;i(Xe(0));let S=new Map;return a(""),s(!0),Lt(t,(w,E)=>{if(w==="error"){a(E.message);return}if(w!=="message")return;let C=E;if(C.status&&n(C.status),C.output){let T=C.output.stream==="STDERR"?"stderr":"stdout",g=C.output.attempt,I=`${T}/${g}`;S.has(I)||S.set(I,new TextDecoder);let D=Ft(C.output.data),B=S.get(I).decode(D,{stream:!0});i(F=>{let d=g>F.attempt?Xe(g):F,f=d[T]+B,y=d[`${T}Dropped`];return f.length>Ze&&(f=f.slice(f.length-Ze),y=!0),{...d,[T]:f,[`${T}Bytes`]:d[`${T}Bytes`]+D.length,[`${T}Dropped`]:y}})}},b.signal).catch(w=>a(w.message)).finally(()=>s(!1)),()=>b.abort()},[t]),!e)return r?p`
        <h1>Job</h1>
        <p class="error" role="alert">${r}</p>
      `:p`<p class="muted">Loading…</p>`;let c=!le(e.state),m=async()=>{try{let b=await L("CancelJob",{jobId:t});_(`Cancel requested: ${b.state}`)}catch(b){a(b.message)}},v=async()=>{try{let b=await L("SubmitJob",vn(e));location.hash=`#/jobs/${b.jobId}`}catch(b){a(b.message)}};return p`
    <h1 class="job-title"><span class="mono">${e.name||e.jobId}</span>
      <${Ge} state=${e.state} /></h1>
    <div class="actions">
      ${c?p`<button class="danger" onClick=${m}>Cancel job</button>`:null}
      <button onClick=${v}>Submit again</button>
      <a class="button" href=${`#/submit?from=${t}`}>Edit and submit…</a>
    </div>
    ${l?p`<p class="notice" role="status">${l}</p>`:null}
    ${r?p`<p class="error" role="alert">${r}</p>`:null}
    <div class="grid2">
      <section class="card" aria-label="Outcome">
        <h2>Outcome</h2>
        <dl>
          <${M} label="State">${e.state}${e.timedOut?" (timed out)":""}<//>
          ${e.pendingReason?p`<${M} label="Waiting because">${e.pendingReason}<//>`:null}
          <${M} label="Attempt">${e.attempt||"not scheduled yet"}${e.maxRetries?` of up to ${e.maxRetries+1}`:""}<//>
          <${M} label="Worker">${e.workerId||"\u2014"}<//>
          <${M} label="Exit">${e.exitCode!==void 0?`code ${e.exitCode}`:e.signal?e.signal:"\u2014"}<//>
          ${e.error?p`<${M} label="Error"><span class="error-text">${e.error}</span><//>`:null}
          <${M} label="Created">${q(e.createdAt)}<//>
          <${M} label="Started">${q(e.startedAt)}<//>
          <${M} label="Finished">${q(e.finishedAt)}<//>
          <${M} label="Ran for">${jt(e.startedAt,e.finishedAt)}<//>
          ${e.notBefore?p`<${M} label="Retry after">${q(e.notBefore)}<//>`:null}
        </dl>
      </section>
      <section class="card" aria-label="Spec">
        <h2>Spec</h2>
        <dl>
          <${M} label="Job id"><span class="mono">${e.jobId}</span><//>
          <${M} label="Command"><code class="cmd-full">${e.command}</code><//>
          <${M} label="Working dir">${e.cwd||"the worker's work dir"}<//>
          <${M} label="Environment"><code>${G(e.env)||"\u2014"}</code><//>
          <${M} label="Timeout">${e.timeoutSeconds?`${e.timeoutSeconds} s`:"none"}<//>
          <${M} label="Retries">${e.maxRetries}<//>
          <${M} label="Priority">${e.priority}<//>
          ${e.idempotencyKey?p`<${M} label="Idempotency key">${e.idempotencyKey}<//>`:null}
          ${e.queue?p`<${M} label="Queue">${e.queue}<//>`:null}
          ${X(e.resources)?p`<${M} label="Resources">${qt(e.resources)}<//>`:null}
          ${e.scheduleName?p`<${M} label="Schedule">${e.scheduleName} (fire time ${q(e.fireTime??"")})<//>`:null}
          ${e.selector&&Object.keys(e.selector).length?p`<${M} label="Selector">${G(e.selector)}<//>`:null}
        </dl>
      </section>
    </div>
    <${yn} job=${e} />
    <${Vt} title="Stdout" text=${o.stdout} truncated=${e.stdoutTruncated}
      dropped=${o.stdoutDropped}
      total=${Math.max(e.stdoutBytes,o.stdoutBytes)} running=${h&&c} />
    <${Vt} title="Stderr" text=${o.stderr} truncated=${e.stderrTruncated}
      dropped=${o.stderrDropped}
      total=${Math.max(e.stderrBytes,o.stderrBytes)} running=${h&&c} />
  `}function zt({error:t,onToken:e}){let[n,o]=x("");return p`
    <main class="login" id="main">
      <h1>Titan</h1>
      <form class="card" onSubmit=${i=>{i.preventDefault(),n.trim()&&e(n.trim())}}>
        <label for="token">Client token</label>
        <p class="muted">The manager requires the client token (TITAN_TOKEN). It is kept in this
          tab only (sessionStorage) and sent as an Authorization header.</p>
        <input id="token" name="token" type="password" autocomplete="current-password" autofocus
          value=${n} onInput=${i=>o(i.target.value)} />
        ${t?p`<p class="error" role="alert">${t}</p>`:null}
        <button type="submit">Sign in</button>
      </form>
    </main>
  `}var wn=3e3;function xn({q:t,onSave:e}){let[n,o]=x(String(t.maxRunning)),i=`limit-${t.name}`;return p`
    <form class="inline" onSubmit=${r=>{r.preventDefault(),e(Number(n||0))}}>
      <label for=${i} class="sr">Most running at once in ${t.name} (0 = no limit)</label>
      <input id=${i} type="number" min="0" value=${n}
        onInput=${r=>o(r.target.value)} />
      <button type="submit">Set</button>
    </form>
  `}function Kt(){let[t,e]=x(),[n,o]=x([]),[i,r]=x([]),[a,l]=x(""),[_,h]=x(""),s=async()=>{try{t?.queues&&o((await L("ListQueues")).queues),t?.schedules&&r((await L("ListSchedules")).schedules),l("")}catch(u){l(u.message)}};P(()=>{Promise.all([j("ListQueues"),j("ListSchedules")]).then(([u,c])=>e({queues:u,schedules:c})).catch(u=>l(u.message))},[]),P(()=>{if(!t?.queues&&!t?.schedules)return;s();let u=setInterval(s,wn);return()=>clearInterval(u)},[t?.queues,t?.schedules]);let $=async(u,c,m)=>{try{let v=await L(u,c);h(m(v)),l(""),s()}catch(v){l(v.message)}};return t&&!t.queues&&!t.schedules?p`
      <h1>Queues & schedules</h1>
      <p class="muted">This manager serves neither queues nor schedules.</p>
    `:p`
    <h1>Queues & schedules</h1>
    ${a?p`<p class="error" role="alert">${a}</p>`:null}
    ${_?p`<p class="notice" role="status">${_}</p>`:null}
    ${t?.queues?p`
        <section aria-label="Queues">
          <h2>Queues</h2>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>Queue</th>
                  <th>State</th>
                  <th>Pending</th>
                  <th>Running</th>
                  <th>Most running at once</th>
                  <th></th>
                </tr>
              </thead>
              <tbody>${n.map(u=>p`
                  <tr key=${u.name} data-queue=${u.name}>
                    <td class="mono">${u.name}</td>
                    <td>${u.paused?"paused":"active"}</td>
                    <td>${u.pending}</td>
                    <td>${u.running}</td>
                    <td>
                      <${xn} q=${u} onSave=${c=>$("UpdateQueue",{name:u.name,maxRunning:c},()=>`${u.name}: at most ${c||"any number"} running`)} />
                    </td>
                    <td><button onClick=${()=>$("UpdateQueue",{name:u.name,paused:!u.paused},()=>`${u.name} ${u.paused?"resumed":"paused"}`)}>
                      ${u.paused?"Resume":"Pause"} ${u.name}</button></td>
                  </tr>
                `)}
            </tbody>
            </table>
          </div>
        </section>
      `:null}
    ${t?.schedules?p`
        <section aria-label="Schedules">
          <h2>Schedules</h2>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>Schedule</th>
                  <th>Cron</th>
                  <th class="wide">Command</th>
                  <th>Next fire</th>
                  <th>Last run</th>
                  <th>State</th>
                  <th></th>
                </tr>
              </thead>
              <tbody>${i.map(u=>p`
                  <tr key=${u.name} data-schedule=${u.name}>
                    <td class="mono">${u.name}</td>
                    <td class="mono">${u.cron}${u.timezone?` (${u.timezone})`:""}</td>
                    <td class="wide mono cmd" title=${u.job?.command}>${u.job?.command}</td>
                    <td title=${u.nextFireTime}>${u.paused?"\u2014":q(u.nextFireTime)}</td>
                    <td>${u.lastJobId?p`<a href=${`#/jobs/${u.lastJobId}`} class="mono">${J(u.lastJobId)}</a>
                  ${Y(u.lastFireTime)}`:"\u2014"}</td>
                    <td>${u.paused?"paused":"active"}</td>
                    <td class="buttons">
                      <button onClick=${()=>$("UpdateSchedule",{name:u.name,paused:!u.paused},()=>`${u.name} ${u.paused?"resumed":"paused"}`)}>
                        ${u.paused?"Resume":"Pause"}</button>
                      <button onClick=${()=>$("TriggerSchedule",{name:u.name},c=>`${u.name} triggered: job ${c.jobId}`)}>Trigger now</button>
                    </td>
                  </tr>
                `)}
            </tbody>
            </table>
          </div>
        </section>
      `:null}
  `}var et={name:"",command:"",env:"",cwd:"",timeoutSeconds:"0",maxRetries:"0",priority:"0",idempotencyKey:"",queue:"",cpu:"",memoryMb:"",devices:"",selector:"",dependsOn:"",dependencyPolicy:"DEPENDENCY_POLICY_AFTER_SUCCESS"};function H({id:t,label:e,hint:n,children:o}){return p`
    <div class="field">
      <label for=${t}>${e}</label>
      ${o}
      ${n?p`<small class="muted" id=${`${t}-hint`}>${n}</small>`:null}
    </div>
  `}function Yt({from:t}){let[e,n]=x(et),[o,i]=x([]),[r,a]=x(""),[l,_]=x(!1);P(()=>{(async()=>{let u=(await Dt()).fields.JobSpec,c=await j("ListQueues").catch(()=>!1),{workers:m}=await L("ListWorkers"),v=m.some(b=>X(b.capacity)||!!b.isolation);i(u.filter(b=>b==="queue"?c:b==="resources"||b==="selector"?v:!0))})().catch(()=>i([]))},[]),P(()=>{t&&L("GetJobStatus",{jobId:t}).then(u=>n({...et,name:u.name??"",command:u.command,env:G(u.env),cwd:u.cwd,timeoutSeconds:String(u.timeoutSeconds),maxRetries:String(u.maxRetries),priority:String(u.priority),queue:u.queue??"",cpu:u.resources?.cpuMillis?String(u.resources.cpuMillis/1e3):"",memoryMb:u.resources?.memoryMb?String(u.resources.memoryMb):"",devices:G(u.resources?.devices),selector:G(u.selector),dependsOn:(u.dependencies??[]).map(c=>c.jobId).join(`
`),dependencyPolicy:u.dependencyPolicy||et.dependencyPolicy})).catch(u=>a(u.message))},[t]);let h=u=>c=>n({...e,[u]:c.target.value}),s=u=>o.includes(u);return p`
    <h1>Submit a job</h1>
    <form class="card submit" onSubmit=${async u=>{u.preventDefault(),a("");let c;try{if(c={command:e.command,env:ke(e.env,"Environment"),cwd:e.cwd,timeoutSeconds:Number(e.timeoutSeconds||0),maxRetries:Number(e.maxRetries||0),priority:Number(e.priority||0),idempotencyKey:e.idempotencyKey},s("name")&&e.name&&(c.name=e.name),s("queue")&&e.queue&&(c.queue=e.queue),s("selector")&&e.selector&&(c.selector=ke(e.selector,"Selector")),s("resources")&&(e.cpu||e.memoryMb||e.devices)){let m=ke(e.devices,"Devices");c.resources={cpuMillis:Math.round(Number(e.cpu||0)*1e3),memoryMb:Number(e.memoryMb||0),devices:Object.fromEntries(Object.entries(m).map(([v,b])=>[v,Number(b)]))}}s("dependsOn")&&e.dependsOn.trim()&&(c.dependsOn=e.dependsOn.split(/[\s,]+/).filter(Boolean),c.dependencyPolicy=e.dependencyPolicy)}catch(m){a(m.message);return}_(!0);try{let m=await L("SubmitJob",c);location.hash=`#/jobs/${m.jobId}`}catch(m){a(m.message)}finally{_(!1)}}} aria-describedby="submit-error">
      ${s("name")?p`<${H} id="f-name" label="Name">
        <input id="f-name" value=${e.name} onInput=${h("name")} /><//>`:null}
      <${H} id="f-command" label="Command" hint="Run by the worker (with sh -c when it uses shell syntax).">
        <textarea id="f-command" required rows="3" class="mono" value=${e.command}
          onInput=${h("command")}></textarea><//>
      <${H} id="f-env" label="Environment" hint="One NAME=value per line.">
        <textarea id="f-env" rows="2" class="mono" value=${e.env} onInput=${h("env")}></textarea><//>
      <${H} id="f-cwd" label="Working directory" hint="Absolute; empty = the worker's work dir.">
        <input id="f-cwd" class="mono" value=${e.cwd} onInput=${h("cwd")} /><//>
      <div class="row3">
        <${H} id="f-timeout" label="Timeout (s)">
          <input id="f-timeout" type="number" min="0" value=${e.timeoutSeconds}
            onInput=${h("timeoutSeconds")} /><//>
        <${H} id="f-retries" label="Retries">
          <input id="f-retries" type="number" min="0" value=${e.maxRetries}
            onInput=${h("maxRetries")} /><//>
        <${H} id="f-priority" label="Priority">
          <input id="f-priority" type="number" value=${e.priority} onInput=${h("priority")} /><//>
      </div>
      <${H} id="f-key" label="Idempotency key" hint="A second submit with the same key returns the first job.">
        <input id="f-key" value=${e.idempotencyKey} onInput=${h("idempotencyKey")} /><//>
      ${s("queue")?p`<${H} id="f-queue" label="Queue">
        <input id="f-queue" value=${e.queue} onInput=${h("queue")} /><//>`:null}
      ${s("resources")?p`
          <div class="row3">
            <${H} id="f-cpu" label="CPU (cores)">
              <input id="f-cpu" type="number" min="0" step="0.001" value=${e.cpu}
                onInput=${h("cpu")} /><//>
            <${H} id="f-memory" label="Memory (MiB)">
              <input id="f-memory" type="number" min="0" value=${e.memoryMb}
                onInput=${h("memoryMb")} /><//>
            <${H} id="f-devices" label="Devices" hint="name=count per line, e.g. gpu=1.">
              <textarea id="f-devices" rows="1" class="mono" value=${e.devices}
                onInput=${h("devices")}></textarea><//>
          </div>
        `:null}
      ${s("selector")?p`
          <${H} id="f-selector" label="Worker selector"
            hint="One label=value per line: the worker must have them all.">
            <textarea id="f-selector" rows="2" class="mono" value=${e.selector}
              onInput=${h("selector")}></textarea>
            <//>
        `:null}
      ${s("dependsOn")?p`
          <${H} id="f-deps" label="Depends on" hint="Job ids, one per line: this job waits for them.">
            <textarea id="f-deps" rows="2" class="mono" value=${e.dependsOn}
              onInput=${h("dependsOn")}></textarea><//>
          ${s("dependencyPolicy")?p`<${H} id="f-policy" label="Run when the dependencies">
          <select id="f-policy" value=${e.dependencyPolicy} onChange=${h("dependencyPolicy")}>
            <option value="DEPENDENCY_POLICY_AFTER_SUCCESS">all completed</option>
            <option value="DEPENDENCY_POLICY_AFTER_COMPLETION">all ended, whatever the outcome</option>
          </select><//>`:null}
        `:null}
      <p id="submit-error" class="error" role="alert">${r}</p>
      <button type="submit" disabled=${l}>Submit</button>
    </form>
  `}var Sn=2e3;function Gt({used:t,total:e,label:n}){let o=e>0?Math.min(100,Math.round(t/e*100)):0;return p`
    <div class="meter" role="meter" aria-label=${n} aria-valuemin="0" aria-valuemax=${e}
      aria-valuenow=${t}>
      <span class="bar" style=${`width:${o}%`}></span>
      <span class="meter-text">${t} of ${e} ${n}</span>
    </div>
  `}function Cn(t,e){let n=[];t.cpuMillis&&n.push(["cores",(e?.cpuMillis??0)/1e3,t.cpuMillis/1e3]),t.memoryMb&&n.push(["MiB",e?.memoryMb??0,t.memoryMb]);for(let[o,i]of Object.entries(t.devices??{}))n.push([o,e?.devices?.[o]??0,i]);return n.map(([o,i,r])=>p`<${Gt} used=${i} total=${r} label=${o} />`)}function Xt(){let[t,e]=x([]),[n,o]=x({}),[i,r]=x(""),[a,l]=x(""),_=async()=>{try{let{workers:s}=await L("ListWorkers",{});e(s);let{jobs:$}=await L("ListJobs",{states:["SCHEDULED","RUNNING"],pageSize:1e3}),u={};for(let c of $)(u[c.workerId]??=[]).push(c);o(u),r("")}catch(s){r(s.message)}};P(()=>{_();let s=setInterval(_,Sn);return()=>clearInterval(s)},[]);let h=async s=>{try{let $=await L("DrainWorker",{workerId:s});l(`${s}: ${$.state}`),_()}catch($){r($.message)}};return p`
    <h1>Workers</h1>
    ${i?p`<p class="error" role="alert">${i}</p>`:null}
    ${a?p`<p class="notice" role="status">${a}</p>`:null}
    ${t.length===0?p`<p class="muted">No workers have connected.</p>`:null}
    <div class="cards">
      ${t.map(s=>p`
          <article class="card worker" key=${s.workerId} data-worker=${s.workerId}
            aria-label=${`Worker ${s.workerId}`}>
            <header>
              <h2 class="mono">${s.workerId}</h2>
              <span class=${`badge w-${s.state.toLowerCase()}`}>${s.state}</span>
            </header>
            <${Gt} used=${s.running} total=${s.slots} label="slots" />
            ${X(s.capacity)?Cn(s.capacity,s.allocated):null}
            <dl>
              <dt>Last contact</dt><dd title=${s.lastHeartbeat}>${Y(s.lastHeartbeat)}</dd>
              <dt>Connected</dt><dd title=${s.connectedAt}>${Y(s.connectedAt)}</dd>
              ${s.isolation?p`
                  <dt>Isolation</dt>
                  <dd>${s.isolation}</dd>
                `:null}
              <dt>Address</dt><dd class="mono">${s.address||"\u2014"}</dd>
              <dt>Version</dt><dd>${s.version||"\u2014"}</dd>
              <dt>Completed</dt><dd>${s.completed}</dd>
              <dt>Labels</dt><dd>${Object.keys(s.labels).length?Object.entries(s.labels).map(([$,u])=>p`
                    <span class="tag">${$}=${u}</span>
                  `):"\u2014"}</dd>
            </dl>
            <details>
              <summary>${(n[s.workerId]??[]).length} running attempt(s)</summary>
              <ul class="attempts">
                ${(n[s.workerId]??[]).map($=>p`
                    <li><a href=${`#/jobs/${$.jobId}`} class="mono">${$.name||J($.jobId)}</a>
                      #${$.attempt} <span class="muted cmd">${$.command}</span></li>
                  `)}
              </ul>
            </details>
            ${s.state==="HEALTHY"?p`<button class="danger" onClick=${()=>h(s.workerId)}>Drain ${s.workerId}</button>`:null}
          </article>
        `)}
    </div>
  `}function En(){let[t,e]=x(location.hash||"#/jobs");return P(()=>{let n=()=>e(location.hash||"#/jobs");return addEventListener("hashchange",n),()=>removeEventListener("hashchange",n)},[]),t}var In=[["#/jobs","Jobs"],["#/submit","Submit"],["#/workers","Workers"],["#/queues","Queues & schedules"],["#/charts","Charts"]];function kn({onLogout:t}){let e=En(),[n,o]=x(!1);P(()=>{Promise.all([j("ListQueues"),j("ListSchedules")]).then(([s,$])=>o(s||$)).catch(()=>{})},[]);let i=In.filter(([s])=>s!=="#/queues"||n),[r,a=""]=e.slice(1).split("?"),l=r.split("/").filter(Boolean),_;l[0]==="jobs"&&l[1]?_=p`<${Qt} jobId=${l[1]} />`:l[0]==="submit"?_=p`<${Yt} from=${new URLSearchParams(a).get("from")??""} />`:l[0]==="workers"?_=p`<${Xt} />`:l[0]==="queues"?_=p`<${Kt} />`:l[0]==="charts"?_=p`<${Ut} />`:_=p`<${Jt} />`;let h="#/"+(l[0]??"jobs");return p`
    <a class="skip" href="#main" onClick=${s=>{s.preventDefault(),document.getElementById("main")?.focus()}}>Skip to content</a>
    <header class="top">
      <a class="brand" href="#/jobs">Titan</a>
      <nav aria-label="Sections">
        ${i.map(([s,$])=>p`
            <a href=${s} aria-current=${h===s?"page":void 0}>${$}</a>
          `)}
      </nav>
      ${we()?p`<button class="link" onClick=${t}>Sign out</button>`:null}
    </header>
    <main id="main" tabIndex="-1">${_}</main>
  `}function An(){let[t,e]=x("checking"),[n,o]=x(""),i=async()=>{try{await L("ListWorkers",{}),e("in"),o("")}catch(r){r instanceof te&&r.code==="UNAUTHENTICATED"?(we()&&o(`The manager refused this token: ${r.message}`),xe(""),e("login")):(o(String(r.message)),e("login"))}};return P(()=>{i()},[]),t==="checking"?p`<p class="muted center">Connecting…</p>`:t==="login"?p`<${zt} error=${n} onToken=${r=>{xe(r),e("checking"),i()}} />`:p`<${kn} onLogout=${()=>{xe(""),e("login")}} />`}pt(p`<${An} />`,document.getElementById("app"));
