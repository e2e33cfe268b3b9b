var A,rt,tn,U,Me,me,st,_e,at,Te,Pe,nn,re=Symbol.for("pv"),he={},$e=[],on=/^m(i|n|o|s|text|space)$/,Le=Array.isArray,Ne=$e.slice,z=Object.assign;function Q(t){t&&t.parentNode&&t.remove()}function it(t,e,n){var o,a,r,i={},u=arguments.length;for(r in e)r=="key"?o=e[r]:r=="ref"&&typeof t!="function"?a=e[r]:i[r]=e[r];return u>2&&(i.children=u>3?Ne.call(arguments,2):n),oe(t,i,o,a,null)}function oe(t,e,n,o,a){var r={type:t,props:e,key:n,ref:o,__k:null,__:null,__b:0,__e:null,__c:null,constructor:re,__v:a||++rt,__i:-1,__u:0};return!a&&A.vnode&&A.vnode(r),r}function be(t){return t.children}function fe(t,e){this.props=t,this.context=e,this.__g=0}function W(t,e){if(e==null)return t.__&&W(t.__,t.__i+1);for(var n;e<t.__k.length;e++)if((n=t.__k[e])&&n.__e)return n.__e;return typeof t.type!="function"||t.props.__P?null:W(t)}function rn(t){var e,n=t.__v,o=n.__e,a=[],r=[],i=t.__P;i&&((e=z({constructor:re},n)).__v=n.__v+1,A.vnode&&A.vnode(e),De(i,e,n,t.__n,i.namespaceURI,32&n.__u?[o]:null,a,o||W(n),32&n.__u,r),e.__v=n.__v,e.__.__k[e.__i]=e,ft(a,e,r),n.__=n.__e=null,e.__e!=o&&lt(e))}function lt(t){if((t=t.__)&&t.__c&&!t.props.__P)return t.__e=null,t.__k.some(function(e){return e&&(t.__e=e.__e)}),lt(t)}function nt(t){(8&t.__g||(t.__g|=8,U.push(t),me++))&&Me==A.debounceRendering||((Me=A.debounceRendering)||queueMicrotask)(ct)}function ct(){try{for(var t,e=1;U.length;)U.length>e&&U.sort(st),t=U.shift(),e=U.length,8&t.__g&&rn(t)}finally{(me=U.length)&&(Me||queueMicrotask)(ct)}}function ut(t,e,n,o,a,r,i,u,_,m,s){var $,l,c,h,v,b,S=o.__k||$e,w=e.length;for(_=sn(n,e,S,_,w),$=0;$<w;$++)(c=n.__k[$])!=null&&(l=~c.__i&&S[c.__i]||he,c.__i=$,b=De(t,c,l,a,r,i,u,_,m,s),h=c.__e,(l.ref!=c.ref||8&l.__u)&&(l.ref&&Oe(l.ref,null,c,l),c.ref&&s.push(c.ref,c.__c||h,c)),v=v||h,4&c.__u?(_=dt(c,_,t,!l.__v),l.__e&&(l.__e=null)):typeof c.type=="function"&&b!==void 0?_=b:h&&(_=h.nextSibling),c.__u&=-21);return n.__e=v,_}function sn(t,e,n,o,a){var r,i,u,_,m,s,$,l,c,h=n.length,v=h,b=0,S=0,w=t.__k=Array(a);for(r=0;r<a;r++)(i=e[r])!=null&&typeof i!="boolean"&&typeof i!="function"?(typeof i!="object"||i.constructor===String?i=w[r]=oe(null,i):Le(i)?i=w[r]=oe(be,{children:i}):i.constructor===re&&i.__b?i=w[r]=oe(i.type,i.props,i.key,i.ref,i.__v):w[r]=i,_=r+b,i.__=t,i.__b=t.__b+1,u=null,~(m=i.__i=an(i,n,_,v))&&(v--,(u=n[m])&&(u.__u|=2)),u&&u.__v?(i.__u|=16,m==_-1?b--:m==_+1?b++:m!=_&&(m>_?b--:b++,S=1)):(~m||(a>h?b--:a<h&&b++),typeof i.type!="function"&&(i.__u|=4))):w[r]=null;if(S){for(s=[],$=[],r=0;r<a;r++)if((i=w[r])&&16&i.__u){for(b=0,l=s.length;b<l;)s[c=b+l>>1]<i.__i?b=c+1:l=c;s[b]=i.__i,$[r]=b+1}for(b=s.length;r--;)$[r]&&($[r]==b?b--:w[r].__u|=4)}if(v)for(r=0;r<h;r++)!(u=n[r])||2&u.__u||(u.__e==o&&(o=W(u)),Re(u,u));return o}function dt(t,e,n,o){var a,r,i,u;if(typeof t.type=="function"){if(t.props.__P)return e;if(a=t.__k)for(r=0;r<a.length;r++)a[r]&&(a[r].__=t,e=dt(a[r],e,n,!1));return e}for(e&&!e.parentNode&&(e=W(t))&&!e.parentNode&&(e=null),i=t.__e,u=e;u&&u.nodeType==8;)u=u.nextSibling;for(i!=u&&(!o&&n.moveBefore&&i.parentNode?n.moveBefore(i,e):n.insertBefore(i,e||null)),e=i;(e=e&&e.nextSibling)&&e.nodeType==8&&!e.data.startsWith("$s"););return e}function an(t,e,n,o){var a,r=t.key,i=t.type,u=e[n],_=u&&!(2&u.__u);if(u===null&&r==null||_&&r==u.key&&i==u.type)return n;if(o>(_?1:0)){for(a=n-1;a>=0;a--)if((u=e[a])&&!(2&u.__u)&&r==u.key&&i==u.type)return a;for(a=n+1;a<e.length;a++)if((u=e[a])&&!(2&u.__u)&&r==u.key&&i==u.type)return a}return-1}function ot(t,e,n){n==null&&(n=""),e[0]=="-"?t.setProperty(e,n):t[e]=n}function de(t,e,n,o,a){var r,i;if(e=="style")if(typeof n=="string")t.style.cssText=n;else{if(typeof o=="string"&&(t.style.cssText=o=""),o)for(e in o)n&&e in n||ot(t.style,e);if(n)for(e in n)o&&n[e]==o[e]||ot(t.style,e,n[e])}else if(e[0]=="o"&&e[1]=="n")typeof n!="function"&&(n=null),typeof o!="function"&&(o=null),(t.__e||(t.__e={}))[e]=n,n&&o||(i=Pe[e]||(Pe[e]=ln(e)),(t.__a||(t.__a={}))[e]=Te,r=e!=(e=e.replace(at,"$1")),(e=e.slice(2))[0]<"a"&&(e=e.toLowerCase()),n?t.addEventListener(e,i,r):t.removeEventListener(e,i,r));else{if(a=="http://www.w3.org/2000/svg")e=e.replace(/xlink(H|:h)/,"h").replace(/sName$/,"s");else if(e!="width"&&e!="height"&&e!="href"&&e!="list"&&e!="form"&&e!="tabIndex"&&e!="download"&&e!="rowSpan"&&e!="colSpan"&&e!="role"&&e!="popover"&&e in t)try{return void(t[e]=n??"")}catch{}if(typeof n=="function")return;n==null||n===!1&&e[4]!="-"?t.removeAttribute(e):t.setAttribute(e,e=="popover"&&n==1?"":n)}}function ln(t){return function(e){var n=this.__e;if(n){if(n=n[t],e[_e]==null)e[_e]=Te++;else if(e[_e]<this.__a[t])return;return n(A.event?A.event(e):e)}}}function De(t,e,n,o,a,r,i,u,_,m){var s,$,l,c,h,v,b,S,w,E,C,T,g,I,L,B,F,d,f=e.type;if(e.constructor!==re)return null;128&n.__u&&(_=32&n.__u,s=n.__c.__z)&&(e.__u|=_,$=r=[],s.nodeType==8?u=pe(s,r):r.push(s),u=r[0]||u),(s=A.__b)&&s(e);e:if(typeof f=="function"){l=i.length;try{if(S=e.props,w=(s=f.prototype)&&s.render,E=(s=f.contextType)&&o[s.__c],C=s?E?E.props.value:s.__:o,(c=n.__c)?(e.__c=c,2&c.__g&&(c.__g|=1)):(w?e.__c=c=new f(S,C):(e.__c=c=new fe(S,C),c.constructor=f,c.render=un),E&&E.sub(c),c.state||(c.state={}),c.__n=o,c.__g|=8,c.__h=[],c.__k=[]),w&&(c.__s||(c.__s=c.state),f.getDerivedStateFromProps&&(c.__s==c.state&&(c.__s=z({},c.__s)),z(c.__s,f.getDerivedStateFromProps(S,c.__s)))),h=c.props,v=c.state,c.__v=e,n.__c){if(S!==h&&w&&!f.getDerivedStateFromProps&&c.componentWillReceiveProps&&c.componentWillReceiveProps(S,C),e.__v==n.__v&&!(8&c.__g)||!(4&c.__g)&&c.shouldComponentUpdate&&c.shouldComponentUpdate(S,c.__s,C)===!1){e.__v!=n.__v&&(c.props=S,c.state=c.__s,c.__g&=-9),e.__e=n.__e,e.__k=n.__k,e.__k.some(function(y){y&&(y.__=e)}),$e.push.apply(c.__h,c.__k),c.__k=[],c.__h.length&&i.push(c),u=W(n);break e}c.componentWillUpdate&&c.componentWillUpdate(S,c.__s,C),w&&c.componentDidUpdate&&c.__h.push(function(){c.componentDidUpdate(h,v,b)})}else w&&!f.getDerivedStateFromProps&&c.componentWillMount&&c.componentWillMount(),w&&c.componentDidMount&&c.__h.push(c.componentDidMount);c.context=C,c.props=S,c.__P=t,c.__g&=-5,T=A.__r,g=w?25:0;do c.__g&=-9,T&&T(e),s=c.render(c.props,c.state=c.__s,c.context);while(8&c.__g&&++g<25);w&&($e.push.apply(c.__h,c.__k),c.__k=[]),c.state=c.__s,c.getChildContext&&(o=z({},o,c.getChildContext())),w&&n.__c&&c.getSnapshotBeforeUpdate&&(b=c.getSnapshotBeforeUpdate(h,v)),I=s&&s.type===be&&s.key==null?s.props.children:s,S.__P&&(s=u,a=(t=S.__P).namespaceURI,_=r=null,n.props&&n.props.__P!=t&&(n.__k.some(function(y){y&&Re(y,y)}),n.__k=null),u=n.__k?W(n,0):null),u=ut(t,Le(I)?I:[I],e,n,o,a,r,i,u,_,m),S.__P&&(e.__e=null,u=s),e.__u&=-161,$&&$.some(Q),c.__h.length&&i.push(c),1&c.__g&&(c.__g&=-4)}catch(y){if(i.length=l,e.__v=null,_||r)if(y&&y.then){if(e.__u|=128|_,r){for(~(F=r.indexOf(u||void 0))||(F=r.length);(d=r[F-1])&&d.nodeType==8;)F--;for(;F<r.length;F++)if(d=r[F])if(r[F]=null,L){if(d==B)break}else{if(d.nodeType!=8)break;d.data.startsWith("$s")&&(B=pe(L=d))}}if(!L){for(;u&&u.nodeType==8&&u.nextSibling;)u=u.nextSibling;L=u}(s=pe(L=e.__c.__z||(e.__c.__z=L)))?(e.__e=L,u=s):e.__e=u,u=u&&u.nextSibling}else r&&r.some(Q);else e.__e=n.__e;e.__k||(e.__k=n.__k||[]),y&&y.then||_t(e),A.__e(y,e,n)}}else u=e.__e=cn(n.__e,e,n,o,a,r,i,_,m,t);return(s=A.diffed)&&s(e),u}function pe(t,e){if(t&&t.nodeType==8&&t.data.startsWith("$s"))for(var n=1;t=t.nextSibling;){if(t.nodeType==8){if(t.data.startsWith("$s"))n++;else if(t.data.startsWith("/$s")&&!--n)return t}e&&e.push(t)}}function _t(t){t&&(t.__c&&(t.__c.__g|=4),t.__k&&t.__k.some(_t))}function ft(t,e,n){for(var o=0;o<n.length;)Oe(n[o++],n[o++],n[o++]);A.__c&&A.__c(e,t),t.some(function(a){try{t=a.__h,a.__h=[],t.some(function(r){r.call(a)})}catch(r){A.__e(r,a.__v)}})}function cn(t,e,n,o,a,r,i,u,_,m){var s,$,l,c,h,v,b,S,w=n.props||he,E=e.props,C=e.type;if(C=="svg"?a="http://www.w3.org/2000/svg":C=="math"?a="http://www.w3.org/1998/Math/MathML":a||(a="http://www.w3.org/1999/xhtml"),r){for(s=0;s<r.length;s++)if((h=r[s])&&(C?h.localName==C:h.nodeType==3)){t=h,r[s]=null;break}}if(!t){if(S=m.ownerDocument||document,!C)return S.createTextNode(E);t=S.createElementNS(a,C,E.is?E:m),u&&(A.__m&&A.__m(e,r),u=!1),r=null}if(C){if(m=C=="template"&&t.content||t,r=C=="textarea"&&E.defaultValue!=null?null:r&&Ne.call(m.childNodes),!u&&r)for(w={},s=0;s<t.attributes.length;s++)w[(h=t.attributes[s]).name]=h.value;for(s in w)h=w[s],s=="dangerouslySetInnerHTML"?l=h:s=="children"||s in E||s=="value"&&"defaultValue"in E||s=="checked"&&"defaultChecked"in E||de(t,s,null,h,a);for(s in E)h=E[s],s=="children"?c=h:s=="dangerouslySetInnerHTML"?$=h:s=="value"?v=h:s=="checked"?b=h:u&&typeof h!="function"||w[s]===h||de(t,s,h,w[s],a);$?(u||l&&($.__html==l.__html||$.__html==t.innerHTML)||(t.innerHTML=$.__html),e.__k=[]):(l&&(t.textContent=""),(C=="foreignObject"||a=="http://www.w3.org/1998/Math/MathML"&&on.test(C))&&(a="http://www.w3.org/1999/xhtml"),ut(m,Le(c)?c:[c],e,n,o,a,r,i,r?r[0]:n.__k&&W(n,0),u,_),r&&r.some(Q)),u&&C!="textarea"||(s="value",C=="progress"&&v==null?t.removeAttribute(s):v==null||v===t[s]&&(C!="progress"||v)||de(t,s,v,w[s],a),s="checked",b!=null&&b!=t[s]&&de(t,s,b,w[s],a))}else w===E||u&&t.data==E||(t.data=E);return t}function Oe(t,e,n,o){try{typeof t=="function"?e?e.__x=t(e)||1:o&&(o=o.__c||o.__e)&&(e=o.__x)&&(o.__x=null,typeof e=="function"?e():t(null)):t.current=e}catch(a){A.__e(a,n)}}function Re(t,e,n){var o,a,r,i;if(A.unmount&&A.unmount(t),!(o=t.ref)||o.current&&o.current!=t.__e||Oe(o,null,e,t),o=t.__c){if(o.componentWillUnmount)try{o.componentWillUnmount()}catch(u){A.__e(u,e)}o.__P=o.__n=null}if(o=t.__k)for(i=0;i<o.length;i++)o[i]&&Re(o[i],e,typeof t.type!="function"||n&&!t.props.__P);!n&&(o=t.__c)&&(o=o.__z)&&(a=pe(o,r=[]))&&(o==t.__e&&r.some(Q),Q(a),Q(o)),n||Q(t.__e),t.__e=t.__c=t.__=null}function un(t,e,n){return this.constructor(t,n)}function pt(t,e){var n,o,a,r;A.__&&A.__(t,e),e.nodeType==9&&(e=e.documentElement),o=(n=t&&32&t.__u)?null:e.__k,e.__k=oe(be,{children:[t]}),a=[],r=[],De(e,e.__k,o||he,he,e.namespaceURI,o?null:e.firstChild?Ne.call(e.childNodes):null,a,o?o.__e:e.firstChild,n,r),ft(a,e.__k,r),e.__k.props.children=null}A={__e:function(t,e,n,o){for(var a,r,i;e=e.__;)if((a=e.__c)&&!(1&a.__g)){a.__g|=4;try{if((i=(r=a.constructor)&&r.getDerivedStateFromError)&&a.setState(r.getDerivedStateFromError(t)),a.componentDidCatch&&(a.componentDidCatch(t,o||{}),i=1),i&&8&a.__g)return void(a.__g|=2)}catch(u){t=u}}throw me=0,t}},rt=0,tn=function(t){return t!=null&&t.constructor===re},fe.prototype.setState=function(t,e){var n=this.__s;n&&n!=this.state||(n=this.__s=z({},this.state)),typeof t=="function"&&(t=t(z({},n),this.props)),t&&(z(n,t),this.__v&&(e&&this.__k.push(e),nt(this)))},fe.prototype.forceUpdate=function(t){this.__v&&(this.__g|=4,t&&this.__h.push(t),nt(this))},fe.prototype.render=be,U=[],me=0,st=function(t,e){return t.__v.__b-e.__v.__b},_e=Symbol(),at=/(PointerCapture)$|Capture$/i,Te=0,Pe={},nn=0;var ae,R,Fe,mt,He=Object.is,ge=0,St=[],Be=[],D=A,ht=D.__b,$t=D.__r,bt=D.diffed,gt=D.__c,vt=D.unmount,yt=D.__;function We(t,e){D.__h&&D.__h(R,t,ge||e),ge=0;var n=R.__H||(R.__H={__:[],__h:[]});return t>=n.__.length&&n.__.push({}),n.__[t]}function x(t){return ge=1,dn(Et,t)}function dn(t,e,n){var o=We(ae++,2);if(o.t=t,!o.__c&&(o.__=[n?n(e):Et(void 0,e),function(r){var i=(o.__N||o.__)[0],u=o.t(i,r);He(i,u)||(o.__N=[u,o.__[1]],o.__c.setState({}))}],o.__c=R,!R.__f)){R.__f=!0;var a=R.shouldComponentUpdate;R.shouldComponentUpdate=function(r,i,u){var _=this.__H;if(!_)return!0;var m=!1,s=this.props!=r;if(_.__.some(function(l){l.__N&&(m=!0,He(l.__[0],l.__N[0])||(s=!0))}),a){var $=a.call(this,r,i,u);return m?$||s:$}return!m||s}}return o.__}function P(t,e){var n=We(ae++,3);!D.__s&&Ct(n.__H,e)&&(n.__P=!0,n.__=t,n.u=e,R.__H.__h.push(n))}function ie(t){return ge=5,_n(function(){return{current:t}},[])}function _n(t,e){var n=We(ae++,7);return Ct(n.__H,e)&&(n.__=t(),n.__H=e),n.__}function fn(){var t;do{for(;t=Be.shift();)try{se(t)}catch(n){D.__e(n,{__:(t=t.__P)&&t.__v})}for(;t=St.shift();){var e=t.__H;if(t.__P&&e)try{e.__h.some(se),e.__h.some(Ue),e.__h=[]}catch(n){e.__h=[],D.__e(n,t.__v)}}}while(Be.length)}D.__b=function(t){R=null,ht&&ht(t)},D.__=function(t,e){t&&e.__k&&e.__k.__m&&(t.__m=e.__k.__m),yt&&yt(t,e)},D.__r=function(t){$t&&$t(t),ae=0;var e=(R=t.__c).__H;e&&(Fe==R?R.__h=[]:(e.__h.some(se),e.__h.some(Ue),ae=0),e.__h=[],e.__.some(function(n){n.__N&&(n.__=n.__N),n.u=n.__N=void 0})),Fe=R},D.diffed=function(t){bt&&bt(t);var e=t.__c;e&&e.__H&&(e.__H.__h.length&&xt(St.push(e)),e.__H.__.some(function(n){n.u&&(n.__H=n.u)})),Fe=R=null},D.__c=function(t,e){e.some(function(n){try{n.__h.some(se),n.__h=n.__h.filter(function(o){return!o.__||Ue(o)})}catch(o){n.__h=[function(){throw o}]}}),gt&&gt(t,e)},D.unmount=function(t){vt&&vt(t);var e,n,o=t.__c;o&&o.__H&&(o.__H.__.some(function(a){try{if(a.__P&&a.__c){if(n===void 0){for(n=t.__;n&&(!n.__c||!n.__c.__P);)n=n.__;n=n&&n.__c}a.__P=n,xt(Be.push(a))}else se(a)}catch(r){e=r}}),o.__H=void 0,e&&D.__e(e,o.__v))};var wt=typeof requestAnimationFrame=="function";function pn(t){var e,n=function(){clearTimeout(o),wt&&cancelAnimationFrame(e),setTimeout(t)},o=setTimeout(n,35);wt&&(e=requestAnimationFrame(n))}function xt(t){t!=1&&mt==D.requestAnimationFrame||((mt=D.requestAnimationFrame)||pn)(fn)}function se(t){var e=R,n=t.__c;typeof n=="function"&&(t.__c=void 0,n()),R=e}function Ue(t){var e=R;t.__c=t.__(),R=e}function Ct(t,e){return!t||t.length!=e.length||e.some(function(n,o){return!He(n,t[o])})}function Et(t,e){return typeof e=="function"?e(t):e}var te=class extends Error{constructor(e,n){super(e),this.name="ParseError",this.type=n.type,this.field=n.field,this.value=n.value,this.line=n.line}};var ve=10,ye=13,K=32,It=6;function je(t){if(typeof t=="function")throw new TypeError("`config` must be an object, got a function instead. Did you mean `createParser({onEvent: fn})`?");let{maxBufferSize:e,onComment:n,onError:o,onEvent:a,onId:r,onRetry:i}=t,u=[],_=0,m="",s,$="",l=0,c,h=!1,v=!1,b=!1;function S(d){if(h)throw new Error("Cannot feed parser: it was terminated after exceeding the configured max buffer size. Call `reset()` to resume parsing.");if(m!==void 0){if(d=m+d,d===""||d==="\xEF"||d==="\xEF\xBB"){m=d;return}m=void 0,d=d.replace(/^(?:\uFEFF|\xEF\xBB\xBF)/,"")}if((v||b)&&(d=w(d),!d))return;if(!u.length){let y=g(d);y!==""&&E(y),T();return}if(d.indexOf(`
`)===-1&&d.indexOf("\r")===-1){if(_<It){let y=u.join("")+d.slice(0,It-_);if(!C(y)){u.length=0,_=0,v=!0;return}}u.push(d),_+=d.length,T();return}u.push(d);let f=u.join("");u.length=0,_=0,E(g(f)),T()}function w(d){if(d.length===0)return d;if(b)return b=!1,d.charCodeAt(0)===ve?d.slice(1):d;let f=d.indexOf("\r"),y=d.indexOf(`
`),N=f===-1?y:y===-1||f<y?f:y;return N===-1?"":N===d.length-1&&d.charCodeAt(N)===ye?(v=!1,b=!0,""):(v=!1,d.slice(N+(d.charCodeAt(N)===ye&&d.charCodeAt(N+1)===ve?2:1)))}function E(d){if(d){if(d.charCodeAt(d.length-1)===ye){if(I(d,0,d.length-1),T())return;b=!0;return}if(C(d)){u.push(d),_=d.length;return}v=!0}}function C(d){let f=d.charCodeAt(0);return f===58&&!!n||f===100&&we(d,"data")||f===101&&we(d,"event")||f===105&&we(d,"id")||f===114&&we(d,"retry")}function T(){return h?!0:e===void 0||_+$.length<=e?!1:(h=!0,u.length=0,_=0,s=void 0,$="",l=0,c=void 0,v=!1,b=!1,o?.(new te(`Buffered data exceeded max buffer size of ${e} characters`,{type:"max-buffer-size-exceeded"})),!0)}function g(d){let f=0;if(d.indexOf("\r")===-1){let k=d.indexOf(`
`,f);for(;k!==-1;){if(f===k){s!==void 0&&r?.(s),l>0&&a?.({id:s,event:c,data:$}),s=void 0,$="",l=0,c=void 0,f=k+1,k=d.indexOf(`
`,f);continue}let V=d.charCodeAt(f);if(kt(d,f,V)){let Ae=d.charCodeAt(f+5)===K?f+6:f+5,ne=d.slice(Ae,k);if(l===0&&d.charCodeAt(k+1)===ve){s!==void 0&&r?.(s),a?.({id:s,event:c,data:ne}),s=void 0,$="",c=void 0,f=k+2,k=d.indexOf(`
`,f);continue}$=l===0?ne:`${$}
${ne}`,l++}else At(d,f,V)?c=d.slice(d.charCodeAt(f+6)===K?f+7:f+6,k)||void 0:I(d,f,k);if(T())return"";f=k+1,k=d.indexOf(`
`,f)}return d.slice(f)}let y=d.indexOf("\r",f),N=d.indexOf(`
`,f);for(;f<d.length;){let k=-1;if(y!==-1&&N!==-1?k=y<N?y:N:y!==-1?y===d.length-1?k=-1:k=y:N!==-1&&(k=N),k===-1)break;if(I(d,f,k),T())return"";f=k+1,d.charCodeAt(f-1)===ye&&d.charCodeAt(f)===ve&&f++,y!==-1&&y<f&&(y=d.indexOf("\r",f)),N!==-1&&N<f&&(N=d.indexOf(`
`,f))}return d.slice(f)}function I(d,f,y){if(f===y){B();return}let N=d.charCodeAt(f);if(kt(d,f,N)){let ee=d.charCodeAt(f+5)===K?f+6:f+5,tt=d.slice(ee,y);$=l===0?tt:`${$}
${tt}`,l++;return}if(At(d,f,N)){c=d.slice(d.charCodeAt(f+6)===K?f+7:f+6,y)||void 0;return}if(N===105&&d.charCodeAt(f+1)===100&&d.charCodeAt(f+2)===58){let ee=d.slice(d.charCodeAt(f+3)===K?f+4:f+3,y);ee.includes("\0")||(s=ee);return}if(N===58){if(n){let ee=d.slice(f,y);n(ee.slice(d.charCodeAt(f+1)===K?2:1))}return}let k=d.slice(f,y),V=k.indexOf(":");if(V===-1){L(k,"",k);return}let Ae=k.slice(0,V),ne=k.charCodeAt(V+1)===K?2:1,en=k.slice(V+ne);L(Ae,en,k)}function L(d,f,y){switch(d){case"event":c=f||void 0;break;case"data":$=l===0?f:`${$}
${f}`,l++;break;case"id":f.includes("\0")||(s=f);break;case"retry":/^\d+$/.test(f)?i?.(parseInt(f,10)):o?.(new te(`Invalid \`retry\` value: "${f}"`,{type:"invalid-retry",value:f,line:y}));break;default:o?.(new te(`Unknown field "${d.length>20?`${d.slice(0,20)}\u2026`:d}"`,{type:"unknown-field",field:d,value:f,line:y}));break}}function B(){s!==void 0&&r?.(s),l>0&&a?.({id:s,event:c,data:$}),s=void 0,$="",l=0,c=void 0}function F(d={}){if(d.consume&&u.length>0){let f=u.join("");I(f,0,f.length)}m="",s=void 0,$="",l=0,c=void 0,u.length=0,_=0,h=!1,v=!1,b=!1}return{feed:S,reset:F}}function kt(t,e,n){return n===100&&t.charCodeAt(e+1)===97&&t.charCodeAt(e+2)===116&&t.charCodeAt(e+3)===97&&t.charCodeAt(e+4)===58}function At(t,e,n){return n===101&&t.charCodeAt(e+1)===118&&t.charCodeAt(e+2)===101&&t.charCodeAt(e+3)===110&&t.charCodeAt(e+4)===116&&t.charCodeAt(e+5)===58}function we(t,e){let n=1;for(;n<t.length&&n<e.length;){if(t.charCodeAt(n)!==e.charCodeAt(n))return!1;n++}return t.length<=e.length||t.charCodeAt(e.length)===58}var Ve="titan.token",Mt="/api/titan.ManagerService/",Y=class extends Error{status;code;constructor(e,n,o){super(o),this.status=e,this.code=n,this.name="ApiError"}};function xe(){return sessionStorage.getItem(Ve)??""}function Se(t){t?sessionStorage.setItem(Ve,t):sessionStorage.removeItem(Ve)}function Pt(t={}){let e=xe();return{"content-type":"application/json",...e?{authorization:`Bearer ${e}`}:{},...t}}async function Tt(t){let e=await t.json().catch(()=>({}));return new Y(t.status,e.code??"UNKNOWN",e.message??t.statusText)}async function le(t,e){let n=await fetch(t,{method:"POST",headers:Pt(),body:JSON.stringify(e)});if(!n.ok)throw await Tt(n);return await n.json()}function O(t,e={}){return le(Mt+t,e)}function Lt(){return le("/api/dashboard/Overview",{})}function Nt(){return le("/api/dashboard/History",{})}var qe;function Ce(){return qe??=le("/api/dashboard/Schema",{}).catch(t=>{throw qe=void 0,t}),qe}var Je=new Map;function j(t){let e=Je.get(t);return e||(e=O(t,{}).then(()=>!0,n=>{if(n instanceof Y&&n.code==="UNIMPLEMENTED")return!1;throw Je.delete(t),n}),Je.set(t,e)),e}function Dt(t,e){return le("/api/dashboard/SearchJobs",{...t,text:e})}async function Ot(t,e,n,o){let a=await fetch(t,{method:"POST",headers:Pt({accept:"text/event-stream"}),body:JSON.stringify(e),signal:o});if(!a.ok)throw await Tt(a);let r=je({onEvent:_=>n(_.event??"message",JSON.parse(_.data))}),i=a.body.getReader(),u=new TextDecoder;try{for(;;){let{done:_,value:m}=await i.read();if(_)return;r.feed(u.decode(m,{stream:!0}))}}catch(_){if(o.aborted)return;throw _}}function Rt(t,e,n){return Ot(Mt+"WatchJob",{jobId:t,fromStart:!0},e,n)}function Ft(t,e,n){return Ot("/api/dashboard/WatchJobs",{jobIds:t},e,n)}function Ht(t){let e=atob(t),n=new Uint8Array(e.length);for(let o=0;o<e.length;o++)n[o]=e.charCodeAt(o);return n}var Ut=function(t,e,n,o){var a;e[0]=0;for(var r=1;r<e.length;r++){var i=e[r++],u=e[r]?(e[0]|=i?1:2,n[e[r++]]):e[++r];i===3?o[0]=u:i===4?o[1]=Object.assign(o[1]||{},u):i===5?(o[1]=o[1]||{})[e[++r]]=u:i===6?o[1][e[++r]]+=u+"":i?(a=t.apply(u,Ut(t,u,n,["",null])),o.push(a),u[0]?e[0]|=2:(e[r-2]=0,e[r]=a)):o.push(u)}return o},Bt=new Map;function Qe(t){var e=Bt.get(this);return e||(e=new Map,Bt.set(this,e)),(e=Ut(this,e.get(t)||(e.set(t,e=function(n){for(var o,a,r=1,i="",u="",_=[0],m=function(l){r===1&&(l||(i=i.replace(/^\s*\n\s*|\s*\n\s*$/g,"")))?_.push(0,l,i):r===3&&(l||i)?(_.push(3,l,i),r=2):r===2&&i==="..."&&l?_.push(4,l,0):r===2&&i&&!l?_.push(5,0,!0,i):r>=5&&((i||!l&&r===5)&&(_.push(r,0,i,a),r=6),l&&(_.push(r,l,0,a),r=6)),i=""},s=0;s<n.length;s++){s&&(r===1&&m(),m(s));for(var $=0;$<n[s].length;$++)o=n[s][$],r===1?o==="<"?(m(),_=[_],r=3):i+=o:r===4?i==="--"&&o===">"?(r=1,i=""):i=o+i[0]:u?o===u?u="":i+=o:o==='"'||o==="'"?u=o:o===">"?(m(),r=1):r&&(o==="="?(r=5,a=i,i=""):o==="/"&&(r<5||n[s][$+1]===">")?(m(),r===3&&(_=_[0]),r=_,(_=_[0]).push(2,0,r),r=0):o===" "||o==="	"||o===`
`||o==="\r"?(m(),r=2):i+=o),r===3&&i==="!--"&&(r=4,_=_[0])}return m(),_}(t)),e),arguments,[])).length>1?e:e[0]}var mn=Qe.default??Qe,p=mn.bind(it);var hn=5e3,ze=600,ce=150;function Ke(t){return t===0?"0":Math.abs(t)>=100?t.toFixed(0):Math.abs(t)>=1?t.toFixed(1):t.toPrecision(2)}function Ee({title:t,unit:e,series:n,minScale:o=1}){let a=n.flatMap(h=>h.points),r=a.map(([h])=>h),i=a.map(([,h])=>h).filter(h=>h!==null),u=Math.min(...r,Date.now()-36e5),_=Math.max(...r,Date.now()),m=Math.max(...i,o)*1.1,s=h=>(h-u)/(_-u||1)*ze,$=h=>ce-h/m*ce,l=h=>[...h.points].reverse().find(([,v])=>v!==null)?.[1],c=n.map(h=>`${h.label} ${Ke(l(h)??0)}`).join(", ");return p`
    <figure class="card chart">
      <figcaption>
        <h2>${t}</h2>
        <ul class="legend">
          ${n.map(h=>p`<li class=${h.cls}><span class="swatch"></span>${h.label}
            <strong>${Ke(l(h)??0)}</strong> ${e}</li>`)}
        </ul>
      </figcaption>
      <svg viewBox=${`0 0 ${ze} ${ce}`} preserveAspectRatio="none" role="img"
        aria-label=${`${t}, last hour; now: ${c}`}>
        <line x1="0" y1=${ce} x2=${ze} y2=${ce} class="axis" />
        ${n.map(h=>{let v=[],b=[];for(let[S,w]of h.points)w===null?(b.length&&v.push(b.join(" ")),b=[]):b.push(`${s(S).toFixed(1)},${$(w).toFixed(1)}`);return b.length&&v.push(b.join(" ")),v.map(S=>p`<polyline class=${`line ${h.cls}`} points=${S} />`)})}
      </svg>
      <div
        class="scale muted"><span>1 h ago</span><span>max ${Ke(m/1.1)} ${e}</span><span>now</span></div>
    </figure>
  `}function Ye(t,e){let n=[];for(let o=1;o<t.length;o++){let a=(t[o].t-t[o-1].t)/1e3;a>0&&n.push([t[o].t,Math.max(0,t[o][e]-t[o-1][e])/a])}return n}function Wt(){let[t,e]=x([]),[n,o]=x("");P(()=>{let i=()=>Nt().then(_=>{e(_.samples),o("")}).catch(_=>o(_.message));i();let u=setInterval(i,hn);return()=>clearInterval(u)},[]);let a=t[t.length-1],r=i=>t.map(u=>[u.t,u[i]]);return p`
    <h1>Last hour</h1>
    ${n?p`<p class="error" role="alert">${n}</p>`:null}
    ${a?p`<p class="muted totals">${`As of ${new Date(a.t).toLocaleTimeString()}, since the manager started: `}
          <span data-total="submitted">${a.submitted}</span>${" submitted, "}
          <span data-total="completed">${a.completed}</span>${" completed, "}
          <span data-total="failed">${a.failed}</span>${" failed, "}
          <span data-total="cancelled">${a.cancelled}</span>${" cancelled."}</p>`:null}
    <div class="charts">
      <${Ee} title="Jobs finished per second" unit="/s" minScale=${.1} series=${[{label:"completed",cls:"c-completed",points:Ye(t,"completed")},{label:"failed",cls:"c-failed",points:Ye(t,"failed")},{label:"cancelled",cls:"c-cancelled",points:Ye(t,"cancelled")}]} />
      <${Ee} title="Queue length" unit="jobs" series=${[{label:"waiting",cls:"c-pending",points:r("queueLength")}]} />
      <${Ee} title="Queue wait" unit="s" minScale=${.01} series=${[{label:"p50",cls:"c-completed",points:r("waitP50")},{label:"p99",cls:"c-failed",points:r("waitP99")}]} />
      <${Ee} title="Running attempts and slots" unit="" series=${[{label:"running",cls:"c-running",points:r("running")},{label:"slots",cls:"c-slots",points:r("slots")}]} />
    </div>
  `}var $n=["COMPLETED","FAILED","CANCELLED"],jt=["PENDING","SCHEDULED","RUNNING","COMPLETED","FAILED","CANCELLED"],ue=t=>$n.includes(t);function G(t,e=Date.now()){if(!t)return"";let n=Math.max(0,Math.round((e-Date.parse(t))/1e3));return n<60?`${n} s ago`:n<3600?`${Math.floor(n/60)} min ago`:n<86400?`${Math.floor(n/3600)} h ago`:`${Math.floor(n/86400)} d ago`}function q(t){return t?new Date(t).toLocaleString():"\u2014"}function qt(t,e,n=Date.now()){if(!t)return"\u2014";let o=(e?Date.parse(e):n)-Date.parse(t);return o<1e3?`${o} ms`:o<6e4?`${(o/1e3).toFixed(1)} s`:`${Math.floor(o/6e4)} min ${Math.round(o%6e4/1e3)} s`}function Ie(t){return t<1024?`${t} B`:t<1024*1024?`${(t/1024).toFixed(1)} KiB`:`${(t/1024/1024).toFixed(1)} MiB`}var J=t=>t.slice(-12);function ke(t,e){let n={};for(let[o,a]of t.split(`
`).entries()){let r=a.trim();if(!r)continue;let i=r.indexOf("=");if(i<=0)throw new Error(`${e} line ${o+1}: expected NAME=VALUE, got "${r}"`);n[r.slice(0,i).trim()]=r.slice(i+1)}return n}var X=t=>Object.entries(t??{}).map(([e,n])=>`${e}=${n}`).join(`
`);function Z(t){return!!t&&(t.cpuMillis>0||t.memoryMb>0||Object.keys(t.devices??{}).length>0)}function Jt(t){let e=[];t.cpuMillis&&e.push(`${t.cpuMillis/1e3} cores`),t.memoryMb&&e.push(`${t.memoryMb} MiB`);for(let[n,o]of Object.entries(t.devices??{}))e.push(`${n} ${o}`);return e.join(", ")}var bn=50,gn=2e3,vn=1e4;function Ge({state:t}){return p`<span class=${`badge s-${t.toLowerCase()}`}>${t}</span>`}function Vt(){let[t,e]=x([]),[n,o]=x(""),[a,r]=x(""),[i,u]=x([""]),[_,m]=x([]),[s,$]=x(""),[l,c]=x({}),[h,v]=x(""),b=i[i.length-1],S=ie(0),w=async()=>{let g=++S.current;try{let I={states:t,pageSize:bn,pageToken:b},L=a?await Dt(I,a):await O("ListJobs",I);if(g!==S.current)return;m(L.jobs),$(L.nextPageToken),v("")}catch(I){v(I.message)}Lt().then(I=>c(I.counts)).catch(()=>{})};P(()=>{if(w(),b!=="")return;let g=setInterval(w,a?vn:gn);return()=>clearInterval(g)},[t.join(),a,b]);let E=_.filter(g=>!ue(g.state)).map(g=>g.jobId);P(()=>{if(E.length===0)return;let g=new AbortController;return Ft(E,(I,L)=>{if(I!=="status")return;let B=L;m(F=>F.map(d=>d.jobId===B.jobId?{...d,...B}:d))},g.signal).catch(()=>{}),()=>g.abort()},[E.join()]);let C=g=>{e(I=>I.includes(g)?I.filter(L=>L!==g):[...I,g]),u([""])},T=Object.values(l).reduce((g,I)=>g+I,0);return p`
    <h1>Jobs</h1>
    <div class="counts" role="group" aria-label="Filter by state">
      ${jt.map(g=>p`
          <button class=${`count s-${g.toLowerCase()}`} aria-pressed=${t.includes(g)}
            onClick=${()=>C(g)}>
            <span class="n" data-state=${g}>${l[g]??0}</span> ${g}
          </button>
        `)}
      <span class="muted total">${T} in all</span>
    </div>
    <form class="search" role="search" onSubmit=${g=>{g.preventDefault(),r(n.trim()),u([""])}}>
      <label for="q" class="sr">Search jobs by command</label>
      <input id="q" type="search" placeholder="Search commands" value=${n}
        onInput=${g=>o(g.target.value)} />
      <button type="submit">Search</button>
      ${a?p`<button type="button" onClick=${()=>{o(""),r(""),u([""])}}>Clear</button>`:null}
    </form>
    ${h?p`<p class="error" role="alert">${h}</p>`:null}
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
                <td title=${g.createdAt}>${G(g.createdAt)}</td>
              </tr>
            `)}
        </tbody>
      </table>
      ${_.length===0?p`<p class="muted">No jobs${t.length?" in these states":""}.</p>`:null}
    </div>
    <nav class="pager" aria-label="Pages">
      <button disabled=${i.length===1} onClick=${()=>u(g=>g.slice(0,-1))}>
        ← Newer</button>
      <span class="muted">Page ${i.length}</span>
      <button disabled=${!s} onClick=${()=>u(g=>[...g,s])}>Older →</button>
    </nav>
  `}function yn(t){let e={command:t.command,env:t.env,cwd:t.cwd,timeoutSeconds:t.timeoutSeconds,maxRetries:t.maxRetries,priority:t.priority};return t.name&&(e.name=t.name),t.queue&&(e.queue=t.queue),Z(t.resources)&&(e.resources=t.resources),t.selector&&Object.keys(t.selector).length&&(e.selector=t.selector),t.dependencies?.length&&(e.dependsOn=t.dependencies.map(n=>n.jobId),e.dependencyPolicy=t.dependencyPolicy),e}var Ze=1e6,Xe=t=>({attempt:t,stdout:"",stderr:"",stdoutBytes:0,stderrBytes:0,stdoutDropped:!1,stderrDropped:!1});function M({label:t,children:e}){return p`
    <dt>${t}</dt>
    <dd>${e}</dd>
  `}function wn({job:t}){let e=t.dependencies??[];if(e.length===0)return null;let n=36,o=e.length*n,a=o/2,r=t.dependencyPolicy==="DEPENDENCY_POLICY_AFTER_COMPLETION"?"runs once they have all ended, whatever the outcome":"runs once they have all completed";return p`
    <section aria-label="Dependencies" class="deps">
      <h2>Depends on <span class="muted">(${r})</span></h2>
      <svg class="graph" viewBox=${`0 0 440 ${o}`} width="440" height=${o} role="img"
        aria-label=${`Depends on ${e.map(i=>`${i.name||i.jobId} (${i.state})`).join(", ")}`}>
        ${e.map((i,u)=>{let _=u*n+n/2;return p`
            <a href=${`#/jobs/${i.jobId}`}>
              <rect x="2" y=${_-13} width="210" height="26" rx="4"
                class=${`node s-${i.state.toLowerCase()}`} />
              <text x="10" y=${_+4}>${i.name||J(i.jobId)} · ${i.state}</text>
            </a>
            <path d=${`M212 ${_} C 262 ${_}, 262 ${a}, 312 ${a}`} class="edge" />
          `})}
        <rect x="312" y=${a-13} width="124" height="26" rx="4"
          class=${`node s-${t.state.toLowerCase()}`} />
        <text x="320" y=${a+4}>${t.name||"this job"}</text>
      </svg>
    </section>
  `}function Qt({title:t,text:e,truncated:n,dropped:o,total:a,running:r}){let i=ie(null),u=ie(!0);P(()=>{i.current&&u.current&&(i.current.scrollTop=i.current.scrollHeight)},[e]);let _=()=>{let m=i.current;u.current=m.scrollHeight-m.scrollTop-m.clientHeight<24};return p`
    <section class="output" aria-label=${t}>
      <h2>${t} <span class="muted">${Ie(a)}${r?" \xB7 following live":""}</span></h2>
      ${n?p`<p class="note">Output capped: the manager kept the first part of the ${Ie(a)}
            written.</p>`:null}
      ${o?p`<p class="note">This page keeps the last ${Ie(Ze)} of live
            output; what came before is not shown here.</p>`:null}
      <pre tabIndex="0" ref=${i} onScroll=${_} data-stream=${t.toLowerCase()}
        aria-live="off">${e||" "}</pre>
    </section>
  `}function zt({jobId:t}){let[e,n]=x(),[o,a]=x(Xe(0)),[r,i]=x(""),[u,_]=x(""),[m,s]=x(!1),[,$]=x(0),l=e!==void 0&&!ue(e.state);if(P(()=>{if(!l)return;let b=setInterval(()=>$(Date.now()),1e3);return()=>clearInterval(b)},[l]),P(()=>{let b=new AbortController;a(Xe(0));let S=new Map;return i(""),s(!0),Rt(t,(w,E)=>{if(w==="error"){i(E.message);return}if(w!=="message")return;let C=E;if(C.status&&n(C.status),C.output){let T=C.output.stream==="STDERR"?"stderr":"stdout",g=C.output.attempt,I=`${T}/${g}`;S.has(I)||S.set(I,new TextDecoder);let L=Ht(C.output.data),B=S.get(I).decode(L,{stream:!0});a(F=>{let d=g>F.attempt?Xe(g):F,f=d[T]+B,y=d[`${T}Dropped`];return f.length>Ze&&(f=f.slice(f.length-Ze),y=!0),{...d,[T]:f,[`${T}Bytes`]:d[`${T}Bytes`]+L.length,[`${T}Dropped`]:y}})}},b.signal).catch(w=>i(w.message)).finally(()=>s(!1)),()=>b.abort()},[t]),!e)return r?p`
        <h1>Job</h1>
        <p class="error" role="alert">${r}</p>
      `:p`<p class="muted">Loading…</p>`;let c=!ue(e.state),h=async()=>{try{let b=await O("CancelJob",{jobId:t});_(`Cancel requested: ${b.state}`)}catch(b){i(b.message)}},v=async()=>{try{let b=await O("SubmitJob",yn(e));location.hash=`#/jobs/${b.jobId}`}catch(b){i(b.message)}};return p`
    <h1 class="job-title"><span class="mono">${e.name||e.jobId}</span>
      <${Ge} state=${e.state} /></h1>
    <div class="actions">
      ${c?p`<button class="danger" onClick=${h}>Cancel job</button>`:null}
      <button onClick=${v}>Submit again</button>
      <a class="button" href=${`#/submit?from=${t}`}>Edit and submit…</a>
    </div>
    ${u?p`<p class="notice" role="status">${u}</p>`:null}
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
          <${M} label="Ran for">${qt(e.startedAt,e.finishedAt)}<//>
          ${e.notBefore?p`<${M} label="Retry after">${q(e.notBefore)}<//>`:null}
        </dl>
      </section>
      <section class="card" aria-label="Spec">
        <h2>Spec</h2>
        <dl>
          <${M} label="Job id"><span class="mono">${e.jobId}</span><//>
          <${M} label="Command"><code class="cmd-full">${e.command}</code><//>
          <${M} label="Working dir">${e.cwd||"the worker's work dir"}<//>
          <${M} label="Environment"><code>${X(e.env)||"\u2014"}</code><//>
          <${M} label="Timeout">${e.timeoutSeconds?`${e.timeoutSeconds} s`:"none"}<//>
          <${M} label="Retries">${e.maxRetries}<//>
          <${M} label="Priority">${e.priority}<//>
          ${e.idempotencyKey?p`<${M} label="Idempotency key">${e.idempotencyKey}<//>`:null}
          ${e.queue?p`<${M} label="Queue">${e.queue}<//>`:null}
          ${Z(e.resources)?p`<${M} label="Resources">${Jt(e.resources)}<//>`:null}
          ${e.scheduleName?p`<${M} label="Schedule">${e.scheduleName} (fire time ${q(e.fireTime??"")})<//>`:null}
          ${e.selector&&Object.keys(e.selector).length?p`<${M} label="Selector">${X(e.selector)}<//>`:null}
        </dl>
      </section>
    </div>
    <${wn} job=${e} />
    <${Qt} title="Stdout" text=${o.stdout} truncated=${e.stdoutTruncated}
      dropped=${o.stdoutDropped}
      total=${Math.max(e.stdoutBytes,o.stdoutBytes)} running=${m&&c} />
    <${Qt} title="Stderr" text=${o.stderr} truncated=${e.stderrTruncated}
      dropped=${o.stderrDropped}
      total=${Math.max(e.stderrBytes,o.stderrBytes)} running=${m&&c} />
  `}function Kt({error:t,onToken:e}){let[n,o]=x("");return p`
    <main class="login" id="main">
      <h1>Titan</h1>
      <form class="card" onSubmit=${a=>{a.preventDefault(),n.trim()&&e(n.trim())}}>
        <label for="token">Client token</label>
        <p class="muted">The manager requires the client token (TITAN_TOKEN). It is kept in this
          tab only (sessionStorage) and sent as an Authorization header.</p>
        <input id="token" name="token" type="password" autocomplete="current-password" autofocus
          value=${n} onInput=${a=>o(a.target.value)} />
        ${t?p`<p class="error" role="alert">${t}</p>`:null}
        <button type="submit">Sign in</button>
      </form>
    </main>
  `}var xn=3e3;function Sn({q:t,onSave:e}){let[n,o]=x(String(t.maxRunning)),a=`limit-${t.name}`;return p`
    <form class="inline" onSubmit=${r=>{r.preventDefault(),e(Number(n||0))}}>
      <label for=${a} class="sr">Most running at once in ${t.name} (0 = no limit)</label>
      <input id=${a} type="number" min="0" value=${n}
        onInput=${r=>o(r.target.value)} />
      <button type="submit">Set</button>
    </form>
  `}function Yt(){let[t,e]=x(),[n,o]=x([]),[a,r]=x([]),[i,u]=x(""),[_,m]=x(""),s=async()=>{try{t?.queues&&o((await O("ListQueues")).queues),t?.schedules&&r((await O("ListSchedules")).schedules),u("")}catch(l){u(l.message)}};P(()=>{Promise.all([j("ListQueues"),j("ListSchedules")]).then(([l,c])=>e({queues:l,schedules:c})).catch(l=>u(l.message))},[]),P(()=>{if(!t?.queues&&!t?.schedules)return;s();let l=setInterval(s,xn);return()=>clearInterval(l)},[t?.queues,t?.schedules]);let $=async(l,c,h)=>{try{let v=await O(l,c);m(h(v)),u(""),s()}catch(v){u(v.message)}};return t&&!t.queues&&!t.schedules?p`
      <h1>Queues & schedules</h1>
      <p class="muted">This manager serves neither queues nor schedules.</p>
    `:p`
    <h1>Queues & schedules</h1>
    ${i?p`<p class="error" role="alert">${i}</p>`:null}
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
              <tbody>${n.map(l=>p`
                  <tr key=${l.name} data-queue=${l.name}>
                    <td class="mono">${l.name}</td>
                    <td>${l.paused?"paused":"active"}</td>
                    <td>${l.pending}</td>
                    <td>${l.running}</td>
                    <td>
                      <${Sn} q=${l} onSave=${c=>$("UpdateQueue",{name:l.name,maxRunning:c},()=>`${l.name}: at most ${c||"any number"} running`)} />
                    </td>
                    <td><button onClick=${()=>$("UpdateQueue",{name:l.name,paused:!l.paused},()=>`${l.name} ${l.paused?"resumed":"paused"}`)}>
                      ${l.paused?"Resume":"Pause"} ${l.name}</button></td>
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
              <tbody>${a.map(l=>p`
                  <tr key=${l.name} data-schedule=${l.name}>
                    <td class="mono">${l.name}</td>
                    <td class="mono">${l.cron}${l.timezone?` (${l.timezone})`:""}</td>
                    <td class="wide mono cmd" title=${l.job?.command}>${l.job?.command}</td>
                    <td title=${l.nextFireTime}>${l.paused?"\u2014":q(l.nextFireTime)}</td>
                    <td>${l.lastJobId?p`<a href=${`#/jobs/${l.lastJobId}`} class="mono">${J(l.lastJobId)}</a>
                  ${G(l.lastFireTime)}`:"\u2014"}</td>
                    <td>${l.paused?"paused":"active"}</td>
                    <td class="buttons">
                      <button onClick=${()=>$("UpdateSchedule",{name:l.name,paused:!l.paused},()=>`${l.name} ${l.paused?"resumed":"paused"}`)}>
                        ${l.paused?"Resume":"Pause"}</button>
                      <button onClick=${()=>$("TriggerSchedule",{name:l.name},c=>`${l.name} triggered: job ${c.jobId}`)}>Trigger now</button>
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
  `}function Gt({from:t}){let[e,n]=x(et),[o,a]=x([]),[r,i]=x(""),[u,_]=x(!1);P(()=>{(async()=>{let l=(await Ce()).fields.JobSpec,c=await j("ListQueues").catch(()=>!1),{workers:h}=await O("ListWorkers"),v=h.some(b=>Z(b.capacity)||!!b.isolation);a(l.filter(b=>b==="queue"?c:b==="resources"||b==="selector"?v:!0))})().catch(()=>a([]))},[]),P(()=>{t&&O("GetJobStatus",{jobId:t}).then(l=>n({...et,name:l.name??"",command:l.command,env:X(l.env),cwd:l.cwd,timeoutSeconds:String(l.timeoutSeconds),maxRetries:String(l.maxRetries),priority:String(l.priority),queue:l.queue??"",cpu:l.resources?.cpuMillis?String(l.resources.cpuMillis/1e3):"",memoryMb:l.resources?.memoryMb?String(l.resources.memoryMb):"",devices:X(l.resources?.devices),selector:X(l.selector),dependsOn:(l.dependencies??[]).map(c=>c.jobId).join(`
`),dependencyPolicy:l.dependencyPolicy||et.dependencyPolicy})).catch(l=>i(l.message))},[t]);let m=l=>c=>n({...e,[l]:c.target.value}),s=l=>o.includes(l);return p`
    <h1>Submit a job</h1>
    <form class="card submit" onSubmit=${async l=>{l.preventDefault(),i("");let c;try{if(c={command:e.command,env:ke(e.env,"Environment"),cwd:e.cwd,timeoutSeconds:Number(e.timeoutSeconds||0),maxRetries:Number(e.maxRetries||0),priority:Number(e.priority||0),idempotencyKey:e.idempotencyKey},s("name")&&e.name&&(c.name=e.name),s("queue")&&e.queue&&(c.queue=e.queue),s("selector")&&e.selector&&(c.selector=ke(e.selector,"Selector")),s("resources")&&(e.cpu||e.memoryMb||e.devices)){let h=ke(e.devices,"Devices");c.resources={cpuMillis:Math.round(Number(e.cpu||0)*1e3),memoryMb:Number(e.memoryMb||0),devices:Object.fromEntries(Object.entries(h).map(([v,b])=>[v,Number(b)]))}}s("dependsOn")&&e.dependsOn.trim()&&(c.dependsOn=e.dependsOn.split(/[\s,]+/).filter(Boolean),c.dependencyPolicy=e.dependencyPolicy)}catch(h){i(h.message);return}_(!0);try{let h=await O("SubmitJob",c);location.hash=`#/jobs/${h.jobId}`}catch(h){i(h.message)}finally{_(!1)}}} aria-describedby="submit-error">
      ${s("name")?p`<${H} id="f-name" label="Name">
        <input id="f-name" value=${e.name} onInput=${m("name")} /><//>`:null}
      <${H} id="f-command" label="Command" hint="Run by the worker (with sh -c when it uses shell syntax).">
        <textarea id="f-command" required rows="3" class="mono" value=${e.command}
          onInput=${m("command")}></textarea><//>
      <${H} id="f-env" label="Environment" hint="One NAME=value per line.">
        <textarea id="f-env" rows="2" class="mono" value=${e.env} onInput=${m("env")}></textarea><//>
      <${H} id="f-cwd" label="Working directory" hint="Absolute; empty = the worker's work dir.">
        <input id="f-cwd" class="mono" value=${e.cwd} onInput=${m("cwd")} /><//>
      <div class="row3">
        <${H} id="f-timeout" label="Timeout (s)">
          <input id="f-timeout" type="number" min="0" value=${e.timeoutSeconds}
            onInput=${m("timeoutSeconds")} /><//>
        <${H} id="f-retries" label="Retries">
          <input id="f-retries" type="number" min="0" value=${e.maxRetries}
            onInput=${m("maxRetries")} /><//>
        <${H} id="f-priority" label="Priority">
          <input id="f-priority" type="number" value=${e.priority} onInput=${m("priority")} /><//>
      </div>
      <${H} id="f-key" label="Idempotency key" hint="A second submit with the same key returns the first job.">
        <input id="f-key" value=${e.idempotencyKey} onInput=${m("idempotencyKey")} /><//>
      ${s("queue")?p`<${H} id="f-queue" label="Queue">
        <input id="f-queue" value=${e.queue} onInput=${m("queue")} /><//>`:null}
      ${s("resources")?p`
          <div class="row3">
            <${H} id="f-cpu" label="CPU (cores)">
              <input id="f-cpu" type="number" min="0" step="0.001" value=${e.cpu}
                onInput=${m("cpu")} /><//>
            <${H} id="f-memory" label="Memory (MiB)">
              <input id="f-memory" type="number" min="0" value=${e.memoryMb}
                onInput=${m("memoryMb")} /><//>
            <${H} id="f-devices" label="Devices" hint="name=count per line, e.g. gpu=1.">
              <textarea id="f-devices" rows="1" class="mono" value=${e.devices}
                onInput=${m("devices")}></textarea><//>
          </div>
        `:null}
      ${s("selector")?p`
          <${H} id="f-selector" label="Worker selector"
            hint="One label=value per line: the worker must have them all.">
            <textarea id="f-selector" rows="2" class="mono" value=${e.selector}
              onInput=${m("selector")}></textarea>
            <//>
        `:null}
      ${s("dependsOn")?p`
          <${H} id="f-deps" label="Depends on" hint="Job ids, one per line: this job waits for them.">
            <textarea id="f-deps" rows="2" class="mono" value=${e.dependsOn}
              onInput=${m("dependsOn")}></textarea><//>
          ${s("dependencyPolicy")?p`<${H} id="f-policy" label="Run when the dependencies">
          <select id="f-policy" value=${e.dependencyPolicy} onChange=${m("dependencyPolicy")}>
            <option value="DEPENDENCY_POLICY_AFTER_SUCCESS">all completed</option>
            <option value="DEPENDENCY_POLICY_AFTER_COMPLETION">all ended, whatever the outcome</option>
          </select><//>`:null}
        `:null}
      <p id="submit-error" class="error" role="alert">${r}</p>
      <button type="submit" disabled=${u}>Submit</button>
    </form>
  `}var Cn=2e3;function Xt({used:t,total:e,label:n}){let o=e>0?Math.min(100,Math.round(t/e*100)):0;return p`
    <div class="meter" role="meter" aria-label=${n} aria-valuemin="0" aria-valuemax=${e}
      aria-valuenow=${t}>
      <span class="bar" style=${`width:${o}%`}></span>
      <span class="meter-text">${t} of ${e} ${n}</span>
    </div>
  `}function En(t,e){let n=[];t.cpuMillis&&n.push(["cores",(e?.cpuMillis??0)/1e3,t.cpuMillis/1e3]),t.memoryMb&&n.push(["MiB",e?.memoryMb??0,t.memoryMb]);for(let[o,a]of Object.entries(t.devices??{}))n.push([o,e?.devices?.[o]??0,a]);return n.map(([o,a,r])=>p`<${Xt} used=${a} total=${r} label=${o} />`)}function Zt(){let[t,e]=x([]),[n,o]=x({}),[a,r]=x(""),[i,u]=x(""),_=async()=>{try{let{workers:s}=await O("ListWorkers",{});e(s);let{jobs:$}=await O("ListJobs",{states:["SCHEDULED","RUNNING"],pageSize:1e3}),l={};for(let c of $)(l[c.workerId]??=[]).push(c);o(l),r("")}catch(s){r(s.message)}};P(()=>{_();let s=setInterval(_,Cn);return()=>clearInterval(s)},[]);let m=async s=>{try{let $=await O("DrainWorker",{workerId:s});u(`${s}: ${$.state}`),_()}catch($){r($.message)}};return p`
    <h1>Workers</h1>
    ${a?p`<p class="error" role="alert">${a}</p>`:null}
    ${i?p`<p class="notice" role="status">${i}</p>`:null}
    ${t.length===0?p`<p class="muted">No workers have connected.</p>`:null}
    <div class="cards">
      ${t.map(s=>p`
          <article class="card worker" key=${s.workerId} data-worker=${s.workerId}
            aria-label=${`Worker ${s.workerId}`}>
            <header>
              <h2 class="mono">${s.workerId}</h2>
              <span class=${`badge w-${s.state.toLowerCase()}`}>${s.state}</span>
            </header>
            <${Xt} used=${s.running} total=${s.slots} label="slots" />
            ${Z(s.capacity)?En(s.capacity,s.allocated):null}
            <dl>
              <dt>Last contact</dt><dd title=${s.lastHeartbeat}>${G(s.lastHeartbeat)}</dd>
              <dt>Connected</dt><dd title=${s.connectedAt}>${G(s.connectedAt)}</dd>
              ${s.isolation?p`
                  <dt>Isolation</dt>
                  <dd>${s.isolation}</dd>
                `:null}
              <dt>Address</dt><dd class="mono">${s.address||"\u2014"}</dd>
              <dt>Version</dt><dd>${s.version||"\u2014"}</dd>
              <dt>Completed</dt><dd>${s.completed}</dd>
              <dt>Labels</dt><dd>${Object.keys(s.labels).length?Object.entries(s.labels).map(([$,l])=>p`
                    <span class="tag">${$}=${l}</span>
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
            ${s.state==="HEALTHY"?p`<button class="danger" onClick=${()=>m(s.workerId)}>Drain ${s.workerId}</button>`:null}
          </article>
        `)}
    </div>
  `}var In=3e3;function kn(){let[t,e]=x(location.hash||"#/jobs");return P(()=>{let n=()=>e(location.hash||"#/jobs");return addEventListener("hashchange",n),()=>removeEventListener("hashchange",n)},[]),t}var An=[["#/jobs","Jobs"],["#/submit","Submit"],["#/workers","Workers"],["#/queues","Queues & schedules"],["#/charts","Charts"]];function Mn({onLogout:t}){let e=kn(),[n,o]=x(!1),[a,r]=x("");P(()=>{Ce().then(l=>{l.manager.role==="leader"&&r(`leader \xB7 term ${l.manager.term}`)}).catch(()=>{})},[]),P(()=>{Promise.all([j("ListQueues"),j("ListSchedules")]).then(([l,c])=>o(l||c)).catch(()=>{})},[]);let i=An.filter(([l])=>l!=="#/queues"||n),[u,_=""]=e.slice(1).split("?"),m=u.split("/").filter(Boolean),s;m[0]==="jobs"&&m[1]?s=p`<${zt} jobId=${m[1]} />`:m[0]==="submit"?s=p`<${Gt} from=${new URLSearchParams(_).get("from")??""} />`:m[0]==="workers"?s=p`<${Zt} />`:m[0]==="queues"?s=p`<${Yt} />`:m[0]==="charts"?s=p`<${Wt} />`:s=p`<${Vt} />`;let $="#/"+(m[0]??"jobs");return p`
    <a class="skip" href="#main" onClick=${l=>{l.preventDefault(),document.getElementById("main")?.focus()}}>Skip to content</a>
    <header class="top">
      <a class="brand" href="#/jobs">Titan</a>
      ${a?p`<span class="badge role" title="This manager leads the cluster">${a}</span>`:null}
      <nav aria-label="Sections">
        ${i.map(([l,c])=>p`
            <a href=${l} aria-current=${$===l?"page":void 0}>${c}</a>
          `)}
      </nav>
      ${xe()?p`<button class="link" onClick=${t}>Sign out</button>`:null}
    </header>
    <main id="main" tabIndex="-1">${s}</main>
  `}function Pn(){let[t,e]=x("checking"),[n,o]=x(""),a=async()=>{try{await O("ListWorkers",{}),e("in"),o("")}catch(r){r instanceof Y&&r.code==="UNAVAILABLE"?(o(r.message),e("unavailable"),setTimeout(a,In)):r instanceof Y&&r.code==="UNAUTHENTICATED"?(xe()&&o(`The manager refused this token: ${r.message}`),Se(""),e("login")):(o(String(r.message)),e("login"))}};return P(()=>{a()},[]),t==="checking"?p`<p class="muted center">Connecting…</p>`:t==="unavailable"?p`
      <main class="login" id="main">
        <h1>Titan</h1>
        <p class="notice" role="status">This manager serves nothing right now: ${n}</p>
        <p class="muted">The page tries again every few seconds.</p>
      </main>
    `:t==="login"?p`<${Kt} error=${n} onToken=${r=>{Se(r),e("checking"),a()}} />`:p`<${Mn} onLogout=${()=>{Se(""),e("login")}} />`}pt(p`<${Pn} />`,document.getElementById("app"));
