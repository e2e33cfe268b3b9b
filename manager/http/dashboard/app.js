var A,rt,tn,J,Me,he,st,fe,at,Te,Pe,nn,se=Symbol.for("pv"),$e={},be=[],on=/^m(i|n|o|s|text|space)$/,Re=Array.isArray,Ne=be.slice,z=Object.assign;function Q(t){t&&t.parentNode&&t.remove()}function it(t,e,n){var o,a,r,i={},u=arguments.length;for(r in e)r=="key"?o=e[r]:r=="ref"&&typeof t!="function"?a=e[r]:i[r]=e[r];return u>2&&(i.children=u>3?Ne.call(arguments,2):n),re(t,i,o,a,null)}function re(t,e,n,o,a){var r={type:t,props:e,key:n,ref:o,__k:null,__:null,__b:0,__e:null,__c:null,constructor:se,__v:a||++rt,__i:-1,__u:0};return!a&&A.vnode&&A.vnode(r),r}function ge(t){return t.children}function pe(t,e){this.props=t,this.context=e,this.__g=0}function W(t,e){if(e==null)return t.__&&W(t.__,t.__i+1);for(var n;e<t.__k.length;e++)if((n=t.__k[e])&&n.__e)return n.__e;return typeof t.type!="function"||t.props.__P?null:W(t)}function rn(t){var e,n=t.__v,o=n.__e,a=[],r=[],i=t.__P;i&&((e=z({constructor:se},n)).__v=n.__v+1,A.vnode&&A.vnode(e),De(i,e,n,t.__n,i.namespaceURI,32&n.__u?[o]:null,a,o||W(n),32&n.__u,r),e.__v=n.__v,e.__.__k[e.__i]=e,ft(a,e,r),n.__=n.__e=null,e.__e!=o&&ct(e))}function ct(t){if((t=t.__)&&t.__c&&!t.props.__P)return t.__e=null,t.__k.some(function(e){return e&&(t.__e=e.__e)}),ct(t)}function nt(t){(8&t.__g||(t.__g|=8,J.push(t),he++))&&Me==A.debounceRendering||((Me=A.debounceRendering)||queueMicrotask)(lt)}function lt(){try{for(var t,e=1;J.length;)J.length>e&&J.sort(st),t=J.shift(),e=J.length,8&t.__g&&rn(t)}finally{(he=J.length)&&(Me||queueMicrotask)(lt)}}function ut(t,e,n,o,a,r,i,u,f,h,s){var b,c,l,$,v,_,C=o.__k||be,S=e.length;for(f=sn(n,e,C,f,S),b=0;b<S;b++)(l=n.__k[b])!=null&&(c=~l.__i&&C[l.__i]||$e,l.__i=b,_=De(t,l,c,a,r,i,u,f,h,s),$=l.__e,(c.ref!=l.ref||8&c.__u)&&(c.ref&&Le(c.ref,null,l,c),l.ref&&s.push(l.ref,l.__c||$,l)),v=v||$,4&l.__u?(f=dt(l,f,t,!c.__v),c.__e&&(c.__e=null)):typeof l.type=="function"&&_!==void 0?f=_:$&&(f=$.nextSibling),l.__u&=-21);return n.__e=v,f}function sn(t,e,n,o,a){var r,i,u,f,h,s,b,c,l,$=n.length,v=$,_=0,C=0,S=t.__k=Array(a);for(r=0;r<a;r++)(i=e[r])!=null&&typeof i!="boolean"&&typeof i!="function"?(typeof i!="object"||i.constructor===String?i=S[r]=re(null,i):Re(i)?i=S[r]=re(ge,{children:i}):i.constructor===se&&i.__b?i=S[r]=re(i.type,i.props,i.key,i.ref,i.__v):S[r]=i,f=r+_,i.__=t,i.__b=t.__b+1,u=null,~(h=i.__i=an(i,n,f,v))&&(v--,(u=n[h])&&(u.__u|=2)),u&&u.__v?(i.__u|=16,h==f-1?_--:h==f+1?_++:h!=f&&(h>f?_--:_++,C=1)):(~h||(a>$?_--:a<$&&_++),typeof i.type!="function"&&(i.__u|=4))):S[r]=null;if(C){for(s=[],b=[],r=0;r<a;r++)if((i=S[r])&&16&i.__u){for(_=0,c=s.length;_<c;)s[l=_+c>>1]<i.__i?_=l+1:c=l;s[_]=i.__i,b[r]=_+1}for(_=s.length;r--;)b[r]&&(b[r]==_?_--:S[r].__u|=4)}if(v)for(r=0;r<$;r++)!(u=n[r])||2&u.__u||(u.__e==o&&(o=W(u)),Oe(u,u));return o}function dt(t,e,n,o){var a,r,i,u;if(typeof t.type=="function"){if(t.props.__P)return e;if(a=t.__k)for(r=0;r<a.length;r++)a[r]&&(a[r].__=t,e=dt(a[r],e,n,!1));return e}for(e&&!e.parentNode&&(e=W(t))&&!e.parentNode&&(e=null),i=t.__e,u=e;u&&u.nodeType==8;)u=u.nextSibling;for(i!=u&&(!o&&n.moveBefore&&i.parentNode?n.moveBefore(i,e):n.insertBefore(i,e||null)),e=i;(e=e&&e.nextSibling)&&e.nodeType==8&&!e.data.startsWith("$s"););return e}function an(t,e,n,o){var a,r=t.key,i=t.type,u=e[n],f=u&&!(2&u.__u);if(u===null&&r==null||f&&r==u.key&&i==u.type)return n;if(o>(f?1:0)){for(a=n-1;a>=0;a--)if((u=e[a])&&!(2&u.__u)&&r==u.key&&i==u.type)return a;for(a=n+1;a<e.length;a++)if((u=e[a])&&!(2&u.__u)&&r==u.key&&i==u.type)return a}return-1}function ot(t,e,n){n==null&&(n=""),e[0]=="-"?t.setProperty(e,n):t[e]=n}function _e(t,e,n,o,a){var r,i;if(e=="style")if(typeof n=="string")t.style.cssText=n;else{if(typeof o=="string"&&(t.style.cssText=o=""),o)for(e in o)n&&e in n||ot(t.style,e);if(n)for(e in n)o&&n[e]==o[e]||ot(t.style,e,n[e])}else if(e[0]=="o"&&e[1]=="n")typeof n!="function"&&(n=null),typeof o!="function"&&(o=null),(t.__e||(t.__e={}))[e]=n,n&&o||(i=Pe[e]||(Pe[e]=cn(e)),(t.__a||(t.__a={}))[e]=Te,r=e!=(e=e.replace(at,"$1")),(e=e.slice(2))[0]<"a"&&(e=e.toLowerCase()),n?t.addEventListener(e,i,r):t.removeEventListener(e,i,r));else{if(a=="http://www.w3.org/2000/svg")e=e.replace(/xlink(H|:h)/,"h").replace(/sName$/,"s");else if(e!="width"&&e!="height"&&e!="href"&&e!="list"&&e!="form"&&e!="tabIndex"&&e!="download"&&e!="rowSpan"&&e!="colSpan"&&e!="role"&&e!="popover"&&e in t)try{return void(t[e]=n??"")}catch{}if(typeof n=="function")return;n==null||n===!1&&e[4]!="-"?t.removeAttribute(e):t.setAttribute(e,e=="popover"&&n==1?"":n)}}function cn(t){return function(e){var n=this.__e;if(n){if(n=n[t],e[fe]==null)e[fe]=Te++;else if(e[fe]<this.__a[t])return;return n(A.event?A.event(e):e)}}}function De(t,e,n,o,a,r,i,u,f,h){var s,b,c,l,$,v,_,C,S,k,w,L,g,I,M,H,F,d,p=e.type;if(e.constructor!==se)return null;128&n.__u&&(f=32&n.__u,s=n.__c.__z)&&(e.__u|=f,b=r=[],s.nodeType==8?u=me(s,r):r.push(s),u=r[0]||u),(s=A.__b)&&s(e);e:if(typeof p=="function"){c=i.length;try{if(C=e.props,S=(s=p.prototype)&&s.render,k=(s=p.contextType)&&o[s.__c],w=s?k?k.props.value:s.__:o,(l=n.__c)?(e.__c=l,2&l.__g&&(l.__g|=1)):(S?e.__c=l=new p(C,w):(e.__c=l=new pe(C,w),l.constructor=p,l.render=un),k&&k.sub(l),l.state||(l.state={}),l.__n=o,l.__g|=8,l.__h=[],l.__k=[]),S&&(l.__s||(l.__s=l.state),p.getDerivedStateFromProps&&(l.__s==l.state&&(l.__s=z({},l.__s)),z(l.__s,p.getDerivedStateFromProps(C,l.__s)))),$=l.props,v=l.state,l.__v=e,n.__c){if(C!==$&&S&&!p.getDerivedStateFromProps&&l.componentWillReceiveProps&&l.componentWillReceiveProps(C,w),e.__v==n.__v&&!(8&l.__g)||!(4&l.__g)&&l.shouldComponentUpdate&&l.shouldComponentUpdate(C,l.__s,w)===!1){e.__v!=n.__v&&(l.props=C,l.state=l.__s,l.__g&=-9),e.__e=n.__e,e.__k=n.__k,e.__k.some(function(x){x&&(x.__=e)}),be.push.apply(l.__h,l.__k),l.__k=[],l.__h.length&&i.push(l),u=W(n);break e}l.componentWillUpdate&&l.componentWillUpdate(C,l.__s,w),S&&l.componentDidUpdate&&l.__h.push(function(){l.componentDidUpdate($,v,_)})}else S&&!p.getDerivedStateFromProps&&l.componentWillMount&&l.componentWillMount(),S&&l.componentDidMount&&l.__h.push(l.componentDidMount);l.context=w,l.props=C,l.__P=t,l.__g&=-5,L=A.__r,g=S?25:0;do l.__g&=-9,L&&L(e),s=l.render(l.props,l.state=l.__s,l.context);while(8&l.__g&&++g<25);S&&(be.push.apply(l.__h,l.__k),l.__k=[]),l.state=l.__s,l.getChildContext&&(o=z({},o,l.getChildContext())),S&&n.__c&&l.getSnapshotBeforeUpdate&&(_=l.getSnapshotBeforeUpdate($,v)),I=s&&s.type===ge&&s.key==null?s.props.children:s,C.__P&&(s=u,a=(t=C.__P).namespaceURI,f=r=null,n.props&&n.props.__P!=t&&(n.__k.some(function(x){x&&Oe(x,x)}),n.__k=null),u=n.__k?W(n,0):null),u=ut(t,Re(I)?I:[I],e,n,o,a,r,i,u,f,h),C.__P&&(e.__e=null,u=s),e.__u&=-161,b&&b.some(Q),l.__h.length&&i.push(l),1&l.__g&&(l.__g&=-4)}catch(x){if(i.length=c,e.__v=null,f||r)if(x&&x.then){if(e.__u|=128|f,r){for(~(F=r.indexOf(u||void 0))||(F=r.length);(d=r[F-1])&&d.nodeType==8;)F--;for(;F<r.length;F++)if(d=r[F])if(r[F]=null,M){if(d==H)break}else{if(d.nodeType!=8)break;d.data.startsWith("$s")&&(H=me(M=d))}}if(!M){for(;u&&u.nodeType==8&&u.nextSibling;)u=u.nextSibling;M=u}(s=me(M=e.__c.__z||(e.__c.__z=M)))?(e.__e=M,u=s):e.__e=u,u=u&&u.nextSibling}else r&&r.some(Q);else e.__e=n.__e;e.__k||(e.__k=n.__k||[]),x&&x.then||_t(e),A.__e(x,e,n)}}else u=e.__e=ln(n.__e,e,n,o,a,r,i,f,h,t);return(s=A.diffed)&&s(e),u}function me(t,e){if(t&&t.nodeType==8&&t.data.startsWith("$s"))for(var n=1;t=t.nextSibling;){if(t.nodeType==8){if(t.data.startsWith("$s"))n++;else if(t.data.startsWith("/$s")&&!--n)return t}e&&e.push(t)}}function _t(t){t&&(t.__c&&(t.__c.__g|=4),t.__k&&t.__k.some(_t))}function ft(t,e,n){for(var o=0;o<n.length;)Le(n[o++],n[o++],n[o++]);A.__c&&A.__c(e,t),t.some(function(a){try{t=a.__h,a.__h=[],t.some(function(r){r.call(a)})}catch(r){A.__e(r,a.__v)}})}function ln(t,e,n,o,a,r,i,u,f,h){var s,b,c,l,$,v,_,C,S=n.props||$e,k=e.props,w=e.type;if(w=="svg"?a="http://www.w3.org/2000/svg":w=="math"?a="http://www.w3.org/1998/Math/MathML":a||(a="http://www.w3.org/1999/xhtml"),r){for(s=0;s<r.length;s++)if(($=r[s])&&(w?$.localName==w:$.nodeType==3)){t=$,r[s]=null;break}}if(!t){if(C=h.ownerDocument||document,!w)return C.createTextNode(k);t=C.createElementNS(a,w,k.is?k:h),u&&(A.__m&&A.__m(e,r),u=!1),r=null}if(w){if(h=w=="template"&&t.content||t,r=w=="textarea"&&k.defaultValue!=null?null:r&&Ne.call(h.childNodes),!u&&r)for(S={},s=0;s<t.attributes.length;s++)S[($=t.attributes[s]).name]=$.value;for(s in S)$=S[s],s=="dangerouslySetInnerHTML"?c=$:s=="children"||s in k||s=="value"&&"defaultValue"in k||s=="checked"&&"defaultChecked"in k||_e(t,s,null,$,a);for(s in k)$=k[s],s=="children"?l=$:s=="dangerouslySetInnerHTML"?b=$:s=="value"?v=$:s=="checked"?_=$:u&&typeof $!="function"||S[s]===$||_e(t,s,$,S[s],a);b?(u||c&&(b.__html==c.__html||b.__html==t.innerHTML)||(t.innerHTML=b.__html),e.__k=[]):(c&&(t.textContent=""),(w=="foreignObject"||a=="http://www.w3.org/1998/Math/MathML"&&on.test(w))&&(a="http://www.w3.org/1999/xhtml"),ut(h,Re(l)?l:[l],e,n,o,a,r,i,r?r[0]:n.__k&&W(n,0),u,f),r&&r.some(Q)),u&&w!="textarea"||(s="value",w=="progress"&&v==null?t.removeAttribute(s):v==null||v===t[s]&&(w!="progress"||v)||_e(t,s,v,S[s],a),s="checked",_!=null&&_!=t[s]&&_e(t,s,_,S[s],a))}else S===k||u&&t.data==k||(t.data=k);return t}function Le(t,e,n,o){try{typeof t=="function"?e?e.__x=t(e)||1:o&&(o=o.__c||o.__e)&&(e=o.__x)&&(o.__x=null,typeof e=="function"?e():t(null)):t.current=e}catch(a){A.__e(a,n)}}function Oe(t,e,n){var o,a,r,i;if(A.unmount&&A.unmount(t),!(o=t.ref)||o.current&&o.current!=t.__e||Le(o,null,e,t),o=t.__c){if(o.componentWillUnmount)try{o.componentWillUnmount()}catch(u){A.__e(u,e)}o.__P=o.__n=null}if(o=t.__k)for(i=0;i<o.length;i++)o[i]&&Oe(o[i],e,typeof t.type!="function"||n&&!t.props.__P);!n&&(o=t.__c)&&(o=o.__z)&&(a=me(o,r=[]))&&(o==t.__e&&r.some(Q),Q(a),Q(o)),n||Q(t.__e),t.__e=t.__c=t.__=null}function un(t,e,n){return this.constructor(t,n)}function pt(t,e){var n,o,a,r;A.__&&A.__(t,e),e.nodeType==9&&(e=e.documentElement),o=(n=t&&32&t.__u)?null:e.__k,e.__k=re(ge,{children:[t]}),a=[],r=[],De(e,e.__k,o||$e,$e,e.namespaceURI,o?null:e.firstChild?Ne.call(e.childNodes):null,a,o?o.__e:e.firstChild,n,r),ft(a,e.__k,r),e.__k.props.children=null}A={__e:function(t,e,n,o){for(var a,r,i;e=e.__;)if((a=e.__c)&&!(1&a.__g)){a.__g|=4;try{if((i=(r=a.constructor)&&r.getDerivedStateFromError)&&a.setState(r.getDerivedStateFromError(t)),a.componentDidCatch&&(a.componentDidCatch(t,o||{}),i=1),i&&8&a.__g)return void(a.__g|=2)}catch(u){t=u}}throw he=0,t}},rt=0,tn=function(t){return t!=null&&t.constructor===se},pe.prototype.setState=function(t,e){var n=this.__s;n&&n!=this.state||(n=this.__s=z({},this.state)),typeof t=="function"&&(t=t(z({},n),this.props)),t&&(z(n,t),this.__v&&(e&&this.__k.push(e),nt(this)))},pe.prototype.forceUpdate=function(t){this.__v&&(this.__g|=4,t&&this.__h.push(t),nt(this))},pe.prototype.render=ge,J=[],he=0,st=function(t,e){return t.__v.__b-e.__v.__b},fe=Symbol(),at=/(PointerCapture)$|Capture$/i,Te=0,Pe={},nn=0;var ie,O,Fe,mt,He=Object.is,ve=0,St=[],Be=[],D=A,ht=D.__b,$t=D.__r,bt=D.diffed,gt=D.__c,vt=D.unmount,yt=D.__;function Je(t,e){D.__h&&D.__h(O,t,ve||e),ve=0;var n=O.__H||(O.__H={__:[],__h:[]});return t>=n.__.length&&n.__.push({}),n.__[t]}function y(t){return ve=1,dn(Et,t)}function dn(t,e,n){var o=Je(ie++,2);if(o.t=t,!o.__c&&(o.__=[n?n(e):Et(void 0,e),function(r){var i=(o.__N||o.__)[0],u=o.t(i,r);He(i,u)||(o.__N=[u,o.__[1]],o.__c.setState({}))}],o.__c=O,!O.__f)){O.__f=!0;var a=O.shouldComponentUpdate;O.shouldComponentUpdate=function(r,i,u){var f=this.__H;if(!f)return!0;var h=!1,s=this.props!=r;if(f.__.some(function(c){c.__N&&(h=!0,He(c.__[0],c.__N[0])||(s=!0))}),a){var b=a.call(this,r,i,u);return h?b||s:b}return!h||s}}return o.__}function T(t,e){var n=Je(ie++,3);!D.__s&&Ct(n.__H,e)&&(n.__P=!0,n.__=t,n.u=e,O.__H.__h.push(n))}function ce(t){return ve=5,_n(function(){return{current:t}},[])}function _n(t,e){var n=Je(ie++,7);return Ct(n.__H,e)&&(n.__=t(),n.__H=e),n.__}function fn(){var t;do{for(;t=Be.shift();)try{ae(t)}catch(n){D.__e(n,{__:(t=t.__P)&&t.__v})}for(;t=St.shift();){var e=t.__H;if(t.__P&&e)try{e.__h.some(ae),e.__h.some(Ue),e.__h=[]}catch(n){e.__h=[],D.__e(n,t.__v)}}}while(Be.length)}D.__b=function(t){O=null,ht&&ht(t)},D.__=function(t,e){t&&e.__k&&e.__k.__m&&(t.__m=e.__k.__m),yt&&yt(t,e)},D.__r=function(t){$t&&$t(t),ie=0;var e=(O=t.__c).__H;e&&(Fe==O?O.__h=[]:(e.__h.some(ae),e.__h.some(Ue),ie=0),e.__h=[],e.__.some(function(n){n.__N&&(n.__=n.__N),n.u=n.__N=void 0})),Fe=O},D.diffed=function(t){bt&&bt(t);var e=t.__c;e&&e.__H&&(e.__H.__h.length&&wt(St.push(e)),e.__H.__.some(function(n){n.u&&(n.__H=n.u)})),Fe=O=null},D.__c=function(t,e){e.some(function(n){try{n.__h.some(ae),n.__h=n.__h.filter(function(o){return!o.__||Ue(o)})}catch(o){n.__h=[function(){throw o}]}}),gt&&gt(t,e)},D.unmount=function(t){vt&&vt(t);var e,n,o=t.__c;o&&o.__H&&(o.__H.__.some(function(a){try{if(a.__P&&a.__c){if(n===void 0){for(n=t.__;n&&(!n.__c||!n.__c.__P);)n=n.__;n=n&&n.__c}a.__P=n,wt(Be.push(a))}else ae(a)}catch(r){e=r}}),o.__H=void 0,e&&D.__e(e,o.__v))};var xt=typeof requestAnimationFrame=="function";function pn(t){var e,n=function(){clearTimeout(o),xt&&cancelAnimationFrame(e),setTimeout(t)},o=setTimeout(n,35);xt&&(e=requestAnimationFrame(n))}function wt(t){t!=1&&mt==D.requestAnimationFrame||((mt=D.requestAnimationFrame)||pn)(fn)}function ae(t){var e=O,n=t.__c;typeof n=="function"&&(t.__c=void 0,n()),O=e}function Ue(t){var e=O;t.__c=t.__(),O=e}function Ct(t,e){return!t||t.length!=e.length||e.some(function(n,o){return!He(n,t[o])})}function Et(t,e){return typeof e=="function"?e(t):e}var ne=class extends Error{constructor(e,n){super(e),this.name="ParseError",this.type=n.type,this.field=n.field,this.value=n.value,this.line=n.line}};var ye=10,xe=13,K=32,It=6;function We(t){if(typeof t=="function")throw new TypeError("`config` must be an object, got a function instead. Did you mean `createParser({onEvent: fn})`?");let{maxBufferSize:e,onComment:n,onError:o,onEvent:a,onId:r,onRetry:i}=t,u=[],f=0,h="",s,b="",c=0,l,$=!1,v=!1,_=!1;function C(d){if($)throw new Error("Cannot feed parser: it was terminated after exceeding the configured max buffer size. Call `reset()` to resume parsing.");if(h!==void 0){if(d=h+d,d===""||d==="\xEF"||d==="\xEF\xBB"){h=d;return}h=void 0,d=d.replace(/^(?:\uFEFF|\xEF\xBB\xBF)/,"")}if((v||_)&&(d=S(d),!d))return;if(!u.length){let x=g(d);x!==""&&k(x),L();return}if(d.indexOf(`
`)===-1&&d.indexOf("\r")===-1){if(f<It){let x=u.join("")+d.slice(0,It-f);if(!w(x)){u.length=0,f=0,v=!0;return}}u.push(d),f+=d.length,L();return}u.push(d);let p=u.join("");u.length=0,f=0,k(g(p)),L()}function S(d){if(d.length===0)return d;if(_)return _=!1,d.charCodeAt(0)===ye?d.slice(1):d;let p=d.indexOf("\r"),x=d.indexOf(`
`),P=p===-1?x:x===-1||p<x?p:x;return P===-1?"":P===d.length-1&&d.charCodeAt(P)===xe?(v=!1,_=!0,""):(v=!1,d.slice(P+(d.charCodeAt(P)===xe&&d.charCodeAt(P+1)===ye?2:1)))}function k(d){if(d){if(d.charCodeAt(d.length-1)===xe){if(I(d,0,d.length-1),L())return;_=!0;return}if(w(d)){u.push(d),f=d.length;return}v=!0}}function w(d){let p=d.charCodeAt(0);return p===58&&!!n||p===100&&we(d,"data")||p===101&&we(d,"event")||p===105&&we(d,"id")||p===114&&we(d,"retry")}function L(){return $?!0:e===void 0||f+b.length<=e?!1:($=!0,u.length=0,f=0,s=void 0,b="",c=0,l=void 0,v=!1,_=!1,o?.(new ne(`Buffered data exceeded max buffer size of ${e} characters`,{type:"max-buffer-size-exceeded"})),!0)}function g(d){let p=0;if(d.indexOf("\r")===-1){let E=d.indexOf(`
`,p);for(;E!==-1;){if(p===E){s!==void 0&&r?.(s),c>0&&a?.({id:s,event:l,data:b}),s=void 0,b="",c=0,l=void 0,p=E+1,E=d.indexOf(`
`,p);continue}let U=d.charCodeAt(p);if(kt(d,p,U)){let ee=d.charCodeAt(p+5)===K?p+6:p+5,oe=d.slice(ee,E);if(c===0&&d.charCodeAt(E+1)===ye){s!==void 0&&r?.(s),a?.({id:s,event:l,data:oe}),s=void 0,b="",l=void 0,p=E+2,E=d.indexOf(`
`,p);continue}b=c===0?oe:`${b}
${oe}`,c++}else At(d,p,U)?l=d.slice(d.charCodeAt(p+6)===K?p+7:p+6,E)||void 0:I(d,p,E);if(L())return"";p=E+1,E=d.indexOf(`
`,p)}return d.slice(p)}let x=d.indexOf("\r",p),P=d.indexOf(`
`,p);for(;p<d.length;){let E=-1;if(x!==-1&&P!==-1?E=x<P?x:P:x!==-1?x===d.length-1?E=-1:E=x:P!==-1&&(E=P),E===-1)break;if(I(d,p,E),L())return"";p=E+1,d.charCodeAt(p-1)===xe&&d.charCodeAt(p)===ye&&p++,x!==-1&&x<p&&(x=d.indexOf("\r",p)),P!==-1&&P<p&&(P=d.indexOf(`
`,p))}return d.slice(p)}function I(d,p,x){if(p===x){H();return}let P=d.charCodeAt(p);if(kt(d,p,P)){let te=d.charCodeAt(p+5)===K?p+6:p+5,tt=d.slice(te,x);b=c===0?tt:`${b}
${tt}`,c++;return}if(At(d,p,P)){l=d.slice(d.charCodeAt(p+6)===K?p+7:p+6,x)||void 0;return}if(P===105&&d.charCodeAt(p+1)===100&&d.charCodeAt(p+2)===58){let te=d.slice(d.charCodeAt(p+3)===K?p+4:p+3,x);te.includes("\0")||(s=te);return}if(P===58){if(n){let te=d.slice(p,x);n(te.slice(d.charCodeAt(p+1)===K?2:1))}return}let E=d.slice(p,x),U=E.indexOf(":");if(U===-1){M(E,"",E);return}let ee=E.slice(0,U),oe=E.charCodeAt(U+1)===K?2:1,en=E.slice(U+oe);M(ee,en,E)}function M(d,p,x){switch(d){case"event":l=p||void 0;break;case"data":b=c===0?p:`${b}
${p}`,c++;break;case"id":p.includes("\0")||(s=p);break;case"retry":/^\d+$/.test(p)?i?.(parseInt(p,10)):o?.(new ne(`Invalid \`retry\` value: "${p}"`,{type:"invalid-retry",value:p,line:x}));break;default:o?.(new ne(`Unknown field "${d.length>20?`${d.slice(0,20)}\u2026`:d}"`,{type:"unknown-field",field:d,value:p,line:x}));break}}function H(){s!==void 0&&r?.(s),c>0&&a?.({id:s,event:l,data:b}),s=void 0,b="",c=0,l=void 0}function F(d={}){if(d.consume&&u.length>0){let p=u.join("");I(p,0,p.length)}h="",s=void 0,b="",c=0,l=void 0,u.length=0,f=0,$=!1,v=!1,_=!1}return{feed:C,reset:F}}function kt(t,e,n){return n===100&&t.charCodeAt(e+1)===97&&t.charCodeAt(e+2)===116&&t.charCodeAt(e+3)===97&&t.charCodeAt(e+4)===58}function At(t,e,n){return n===101&&t.charCodeAt(e+1)===118&&t.charCodeAt(e+2)===101&&t.charCodeAt(e+3)===110&&t.charCodeAt(e+4)===116&&t.charCodeAt(e+5)===58}function we(t,e){let n=1;for(;n<t.length&&n<e.length;){if(t.charCodeAt(n)!==e.charCodeAt(n))return!1;n++}return t.length<=e.length||t.charCodeAt(e.length)===58}var Ve="titan.token",Mt="/api/titan.ManagerService/",G=class extends Error{status;code;constructor(e,n,o){super(o),this.status=e,this.code=n,this.name="ApiError"}};function Se(){return sessionStorage.getItem(Ve)??""}function Ce(t){t?sessionStorage.setItem(Ve,t):sessionStorage.removeItem(Ve)}function Pt(t={}){let e=Se();return{"content-type":"application/json",...e?{authorization:`Bearer ${e}`}:{},...t}}async function Tt(t){let e=await t.json().catch(()=>({}));return new G(t.status,e.code??"UNKNOWN",e.message??t.statusText)}async function le(t,e){let n=await fetch(t,{method:"POST",headers:Pt(),body:JSON.stringify(e)});if(!n.ok)throw await Tt(n);return await n.json()}function N(t,e={}){return le(Mt+t,e)}function Rt(){return le("/api/dashboard/Overview",{})}function Nt(){return le("/api/dashboard/History",{})}var qe;function Ee(){return qe??=le("/api/dashboard/Schema",{}).catch(t=>{throw qe=void 0,t}),qe}var je=new Map;function q(t){let e=je.get(t);return e||(e=N(t,{}).then(()=>!0,n=>{if(n instanceof G&&n.code==="UNIMPLEMENTED")return!1;throw je.delete(t),n}),je.set(t,e)),e}function Dt(t,e){return le("/api/dashboard/SearchJobs",{...t,text:e})}async function Lt(t,e,n,o){let a=await fetch(t,{method:"POST",headers:Pt({accept:"text/event-stream"}),body:JSON.stringify(e),signal:o});if(!a.ok)throw await Tt(a);let r=We({onEvent:f=>n(f.event??"message",JSON.parse(f.data))}),i=a.body.getReader(),u=new TextDecoder;try{for(;;){let{done:f,value:h}=await i.read();if(f)return;r.feed(u.decode(h,{stream:!0}))}}catch(f){if(o.aborted)return;throw f}}function Ot(t,e,n){return Lt(Mt+"WatchJob",{jobId:t,fromStart:!0},e,n)}function Ft(t,e,n){return Lt("/api/dashboard/WatchJobs",{jobIds:t},e,n)}function Ht(t){let e=atob(t),n=new Uint8Array(e.length);for(let o=0;o<e.length;o++)n[o]=e.charCodeAt(o);return n}var Ut=function(t,e,n,o){var a;e[0]=0;for(var r=1;r<e.length;r++){var i=e[r++],u=e[r]?(e[0]|=i?1:2,n[e[r++]]):e[++r];i===3?o[0]=u:i===4?o[1]=Object.assign(o[1]||{},u):i===5?(o[1]=o[1]||{})[e[++r]]=u:i===6?o[1][e[++r]]+=u+"":i?(a=t.apply(u,Ut(t,u,n,["",null])),o.push(a),u[0]?e[0]|=2:(e[r-2]=0,e[r]=a)):o.push(u)}return o},Bt=new Map;function Qe(t){var e=Bt.get(this);return e||(e=new Map,Bt.set(this,e)),(e=Ut(this,e.get(t)||(e.set(t,e=function(n){for(var o,a,r=1,i="",u="",f=[0],h=function(c){r===1&&(c||(i=i.replace(/^\s*\n\s*|\s*\n\s*$/g,"")))?f.push(0,c,i):r===3&&(c||i)?(f.push(3,c,i),r=2):r===2&&i==="..."&&c?f.push(4,c,0):r===2&&i&&!c?f.push(5,0,!0,i):r>=5&&((i||!c&&r===5)&&(f.push(r,0,i,a),r=6),c&&(f.push(r,c,0,a),r=6)),i=""},s=0;s<n.length;s++){s&&(r===1&&h(),h(s));for(var b=0;b<n[s].length;b++)o=n[s][b],r===1?o==="<"?(h(),f=[f],r=3):i+=o:r===4?i==="--"&&o===">"?(r=1,i=""):i=o+i[0]:u?o===u?u="":i+=o:o==='"'||o==="'"?u=o:o===">"?(h(),r=1):r&&(o==="="?(r=5,a=i,i=""):o==="/"&&(r<5||n[s][b+1]===">")?(h(),r===3&&(f=f[0]),r=f,(f=f[0]).push(2,0,r),r=0):o===" "||o==="	"||o===`
`||o==="\r"?(h(),r=2):i+=o),r===3&&i==="!--"&&(r=4,f=f[0])}return h(),f}(t)),e),arguments,[])).length>1?e:e[0]}var mn=Qe.default??Qe,m=mn.bind(it);var hn=5e3,ze=600,ue=150;function Ke(t){return t===0?"0":Math.abs(t)>=100?t.toFixed(0):Math.abs(t)>=1?t.toFixed(1):t.toPrecision(2)}function Ie({title:t,unit:e,series:n,minScale:o=1}){let a=n.flatMap($=>$.points),r=a.map(([$])=>$),i=a.map(([,$])=>$).filter($=>$!==null),u=Math.min(...r,Date.now()-36e5),f=Math.max(...r,Date.now()),h=Math.max(...i,o)*1.1,s=$=>($-u)/(f-u||1)*ze,b=$=>ue-$/h*ue,c=$=>[...$.points].reverse().find(([,v])=>v!==null)?.[1],l=n.map($=>`${$.label} ${Ke(c($)??0)}`).join(", ");return m`
    <figure class="card chart">
      <figcaption>
        <h2>${t}</h2>
        <ul class="legend">
          ${n.map($=>m`<li class=${$.cls}><span class="swatch"></span>${$.label}
            <strong>${Ke(c($)??0)}</strong> ${e}</li>`)}
        </ul>
      </figcaption>
      <svg viewBox=${`0 0 ${ze} ${ue}`} preserveAspectRatio="none" role="img"
        aria-label=${`${t}, last hour; now: ${l}`}>
        <line x1="0" y1=${ue} x2=${ze} y2=${ue} class="axis" />
        ${n.map($=>{let v=[],_=[];for(let[C,S]of $.points)S===null?(_.length&&v.push(_.join(" ")),_=[]):_.push(`${s(C).toFixed(1)},${b(S).toFixed(1)}`);return _.length&&v.push(_.join(" ")),v.map(C=>m`<polyline class=${`line ${$.cls}`} points=${C} />`)})}
      </svg>
      <div
        class="scale muted"><span>1 h ago</span><span>max ${Ke(h/1.1)} ${e}</span><span>now</span></div>
    </figure>
  `}function Ge(t,e){let n=[];for(let o=1;o<t.length;o++){let a=(t[o].t-t[o-1].t)/1e3;a>0&&n.push([t[o].t,Math.max(0,t[o][e]-t[o-1][e])/a])}return n}function Jt(){let[t,e]=y([]),[n,o]=y("");T(()=>{let i=()=>Nt().then(f=>{e(f.samples),o("")}).catch(f=>o(f.message));i();let u=setInterval(i,hn);return()=>clearInterval(u)},[]);let a=t[t.length-1],r=i=>t.map(u=>[u.t,u[i]]);return m`
    <h1>Last hour</h1>
    ${n?m`<p class="error" role="alert">${n}</p>`:null}
    ${a?m`<p class="muted totals">${`As of ${new Date(a.t).toLocaleTimeString()}, since the manager started: `}
          <span data-total="submitted">${a.submitted}</span>${" submitted, "}
          <span data-total="completed">${a.completed}</span>${" completed, "}
          <span data-total="failed">${a.failed}</span>${" failed, "}
          <span data-total="cancelled">${a.cancelled}</span>${" cancelled."}</p>`:null}
    <div class="charts">
      <${Ie} title="Jobs finished per second" unit="/s" minScale=${.1} series=${[{label:"completed",cls:"c-completed",points:Ge(t,"completed")},{label:"failed",cls:"c-failed",points:Ge(t,"failed")},{label:"cancelled",cls:"c-cancelled",points:Ge(t,"cancelled")}]} />
      <${Ie} title="Queue length" unit="jobs" series=${[{label:"waiting",cls:"c-pending",points:r("queueLength")}]} />
      <${Ie} title="Queue wait" unit="s" minScale=${.01} series=${[{label:"p50",cls:"c-completed",points:r("waitP50")},{label:"p99",cls:"c-failed",points:r("waitP99")}]} />
      <${Ie} title="Running attempts and slots" unit="" series=${[{label:"running",cls:"c-running",points:r("running")},{label:"slots",cls:"c-slots",points:r("slots")}]} />
    </div>
  `}var $n=["COMPLETED","FAILED","CANCELLED"],Wt=["PENDING","SCHEDULED","RUNNING","COMPLETED","FAILED","CANCELLED"],de=t=>$n.includes(t);function Y(t,e=Date.now()){if(!t)return"";let n=Math.max(0,Math.round((e-Date.parse(t))/1e3));return n<60?`${n} s ago`:n<3600?`${Math.floor(n/60)} min ago`:n<86400?`${Math.floor(n/3600)} h ago`:`${Math.floor(n/86400)} d ago`}function j(t){return t?new Date(t).toLocaleString():"\u2014"}function qt(t,e,n=Date.now()){if(!t)return"\u2014";let o=(e?Date.parse(e):n)-Date.parse(t);return o<1e3?`${o} ms`:o<6e4?`${(o/1e3).toFixed(1)} s`:`${Math.floor(o/6e4)} min ${Math.round(o%6e4/1e3)} s`}function ke(t){return t<1024?`${t} B`:t<1024*1024?`${(t/1024).toFixed(1)} KiB`:`${(t/1024/1024).toFixed(1)} MiB`}var V=t=>t.slice(-12);function Ae(t,e){let n={};for(let[o,a]of t.split(`
`).entries()){let r=a.trim();if(!r)continue;let i=r.indexOf("=");if(i<=0)throw new Error(`${e} line ${o+1}: expected NAME=VALUE, got "${r}"`);n[r.slice(0,i).trim()]=r.slice(i+1)}return n}var X=t=>Object.entries(t??{}).map(([e,n])=>`${e}=${n}`).join(`
`);function Z(t){return!!t&&(t.cpuMillis>0||t.memoryMb>0||Object.keys(t.devices??{}).length>0)}function jt(t){let e=[];t.cpuMillis&&e.push(`${t.cpuMillis/1e3} cores`),t.memoryMb&&e.push(`${t.memoryMb} MiB`);for(let[n,o]of Object.entries(t.devices??{}))e.push(`${n} ${o}`);return e.join(", ")}var bn=50,gn=2e3,vn=1e4;function Ye({state:t}){return m`<span class=${`badge s-${t.toLowerCase()}`}>${t}</span>`}function Vt(){let[t,e]=y([]),[n,o]=y(""),[a,r]=y(""),[i,u]=y([""]),[f,h]=y([]),[s,b]=y(""),[c,l]=y({}),[$,v]=y(""),_=i[i.length-1],C=ce(0),S=async()=>{let g=++C.current;try{let I={states:t,pageSize:bn,pageToken:_},M=a?await Dt(I,a):await N("ListJobs",I);if(g!==C.current)return;h(M.jobs),b(M.nextPageToken),v("")}catch(I){v(I.message)}Rt().then(I=>l(I.counts)).catch(()=>{})};T(()=>{if(S(),_!=="")return;let g=setInterval(S,a?vn:gn);return()=>clearInterval(g)},[t.join(),a,_]);let k=f.filter(g=>!de(g.state)).map(g=>g.jobId);T(()=>{if(k.length===0)return;let g=new AbortController;return Ft(k,(I,M)=>{if(I!=="status")return;let H=M;h(F=>F.map(d=>d.jobId===H.jobId?{...d,...H}:d))},g.signal).catch(()=>{}),()=>g.abort()},[k.join()]);let w=g=>{e(I=>I.includes(g)?I.filter(M=>M!==g):[...I,g]),u([""])},L=Object.values(c).reduce((g,I)=>g+I,0);return m`
    <h1>Jobs</h1>
    <div class="counts" role="group" aria-label="Filter by state">
      ${Wt.map(g=>m`
          <button class=${`count s-${g.toLowerCase()}`} aria-pressed=${t.includes(g)}
            onClick=${()=>w(g)}>
            <span class="n" data-state=${g}>${c[g]??0}</span> ${g}
          </button>
        `)}
      <span class="muted total">${L} in all</span>
    </div>
    <form class="search" role="search" onSubmit=${g=>{g.preventDefault(),r(n.trim()),u([""])}}>
      <label for="q" class="sr">Search jobs by command</label>
      <input id="q" type="search" placeholder="Search commands" value=${n}
        onInput=${g=>o(g.target.value)} />
      <button type="submit">Search</button>
      ${a?m`<button type="button" onClick=${()=>{o(""),r(""),u([""])}}>Clear</button>`:null}
    </form>
    ${$?m`<p class="error" role="alert">${$}</p>`:null}
    <div class="table-wrap">
      <table class="jobs">
        <thead><tr>
          <th>Job</th><th>State</th><th class="wide">Command</th><th class="opt">Worker</th>
          <th class="opt">Attempt</th><th>Created</th>
        </tr></thead>
        <tbody>
          ${f.map(g=>m`
              <tr key=${g.jobId} data-job=${g.jobId}>
                <td><a href=${`#/jobs/${g.jobId}`} class="mono">${g.name||V(g.jobId)}</a></td>
                <td>
                  <${Ye} state=${g.state} />
                </td>
                <td class="wide mono cmd" title=${g.command}>${g.command}</td>
                <td class="opt">${g.workerId||"\u2014"}</td>
                <td class="opt">${g.attempt||"\u2014"}</td>
                <td title=${g.createdAt}>${Y(g.createdAt)}</td>
              </tr>
            `)}
        </tbody>
      </table>
      ${f.length===0?m`<p class="muted">No jobs${t.length?" in these states":""}.</p>`:null}
    </div>
    <nav class="pager" aria-label="Pages">
      <button disabled=${i.length===1} onClick=${()=>u(g=>g.slice(0,-1))}>
        ← Newer</button>
      <span class="muted">Page ${i.length}</span>
      <button disabled=${!s} onClick=${()=>u(g=>[...g,s])}>Older →</button>
    </nav>
  `}function yn(t){let e={command:t.command,env:t.env,cwd:t.cwd,timeoutSeconds:t.timeoutSeconds,maxRetries:t.maxRetries,priority:t.priority};return t.name&&(e.name=t.name),t.queue&&(e.queue=t.queue),Z(t.resources)&&(e.resources=t.resources),t.selector&&Object.keys(t.selector).length&&(e.selector=t.selector),t.dependencies?.length&&(e.dependsOn=t.dependencies.map(n=>n.jobId),e.dependencyPolicy=t.dependencyPolicy),e}var xn=3e3,Ze=1e6,Xe=t=>({attempt:t,stdout:"",stderr:"",stdoutBytes:0,stderrBytes:0,stdoutDropped:!1,stderrDropped:!1});function R({label:t,children:e}){return m`
    <dt>${t}</dt>
    <dd>${e}</dd>
  `}function wn({job:t}){let e=t.dependencies??[];if(e.length===0)return null;let n=36,o=e.length*n,a=o/2,r=t.dependencyPolicy==="DEPENDENCY_POLICY_AFTER_COMPLETION"?"runs once they have all ended, whatever the outcome":"runs once they have all completed";return m`
    <section aria-label="Dependencies" class="deps">
      <h2>Depends on <span class="muted">(${r})</span></h2>
      <svg class="graph" viewBox=${`0 0 440 ${o}`} width="440" height=${o} role="img"
        aria-label=${`Depends on ${e.map(i=>`${i.name||i.jobId} (${i.state})`).join(", ")}`}>
        ${e.map((i,u)=>{let f=u*n+n/2;return m`
            <a href=${`#/jobs/${i.jobId}`}>
              <rect x="2" y=${f-13} width="210" height="26" rx="4"
                class=${`node s-${i.state.toLowerCase()}`} />
              <text x="10" y=${f+4}>${i.name||V(i.jobId)} · ${i.state}</text>
            </a>
            <path d=${`M212 ${f} C 262 ${f}, 262 ${a}, 312 ${a}`} class="edge" />
          `})}
        <rect x="312" y=${a-13} width="124" height="26" rx="4"
          class=${`node s-${t.state.toLowerCase()}`} />
        <text x="320" y=${a+4}>${t.name||"this job"}</text>
      </svg>
    </section>
  `}function Qt({title:t,text:e,truncated:n,dropped:o,total:a,running:r}){let i=ce(null),u=ce(!0);T(()=>{i.current&&u.current&&(i.current.scrollTop=i.current.scrollHeight)},[e]);let f=()=>{let h=i.current;u.current=h.scrollHeight-h.scrollTop-h.clientHeight<24};return m`
    <section class="output" aria-label=${t}>
      <h2>${t} <span class="muted">${ke(a)}${r?" \xB7 following live":""}</span></h2>
      ${n?m`<p class="note">Output capped: the manager kept the first part of the ${ke(a)}
            written.</p>`:null}
      ${o?m`<p class="note">This page keeps the last ${ke(Ze)} of live
            output; what came before is not shown here.</p>`:null}
      <pre tabIndex="0" ref=${i} onScroll=${f} data-stream=${t.toLowerCase()}
        aria-live="off">${e||" "}</pre>
    </section>
  `}function zt({jobId:t}){let[e,n]=y(),[o,a]=y(Xe(0)),[r,i]=y(""),[u,f]=y(""),[h,s]=y(!1),[,b]=y(0),c=e!==void 0&&!de(e.state);T(()=>{if(!c)return;let w=setInterval(()=>b(Date.now()),1e3);return()=>clearInterval(w)},[c]);let[l,$]=y({}),v=e?.state==="PENDING";T(()=>{let w=!1,L=()=>N("GetJobStatus",{jobId:t}).then(I=>{w||$({pendingReason:I.pendingReason,dependencies:I.dependencies})}).catch(()=>{});L();let g=v?setInterval(L,xn):void 0;return()=>{w=!0,clearInterval(g)}},[t,v]),T(()=>{let w=new AbortController;a(Xe(0));let L=new Map;return i(""),s(!0),Ot(t,(g,I)=>{if(g==="error"){i(I.message);return}if(g!=="message")return;let M=I;if(M.status&&n(M.status),M.output){let H=M.output.stream==="STDERR"?"stderr":"stdout",F=M.output.attempt,d=`${H}/${F}`;L.has(d)||L.set(d,new TextDecoder);let p=Ht(M.output.data),x=L.get(d).decode(p,{stream:!0});a(P=>{let E=F>P.attempt?Xe(F):P,U=E[H]+x,ee=E[`${H}Dropped`];return U.length>Ze&&(U=U.slice(U.length-Ze),ee=!0),{...E,[H]:U,[`${H}Bytes`]:E[`${H}Bytes`]+p.length,[`${H}Dropped`]:ee}})}},w.signal).catch(g=>i(g.message)).finally(()=>s(!1)),()=>w.abort()},[t]);let _=e&&{...e,...l,pendingReason:v?l.pendingReason:""};if(!_)return r?m`
        <h1>Job</h1>
        <p class="error" role="alert">${r}</p>
      `:m`<p class="muted">Loading…</p>`;let C=!de(_.state),S=async()=>{try{let w=await N("CancelJob",{jobId:t});f(`Cancel requested: ${w.state}`)}catch(w){i(w.message)}},k=async()=>{try{let w=await N("SubmitJob",yn(_));location.hash=`#/jobs/${w.jobId}`}catch(w){i(w.message)}};return m`
    <h1 class="job-title"><span class="mono">${_.name||_.jobId}</span>
      <${Ye} state=${_.state} /></h1>
    <div class="actions">
      ${C?m`<button class="danger" onClick=${S}>Cancel job</button>`:null}
      <button onClick=${k}>Submit again</button>
      <a class="button" href=${`#/submit?from=${t}`}>Edit and submit…</a>
    </div>
    ${u?m`<p class="notice" role="status">${u}</p>`:null}
    ${r?m`<p class="error" role="alert">${r}</p>`:null}
    <div class="grid2">
      <section class="card" aria-label="Outcome">
        <h2>Outcome</h2>
        <dl>
          <${R} label="State">${_.state}${_.timedOut?" (timed out)":""}<//>
          ${_.pendingReason?m`<${R} label="Waiting because">${_.pendingReason}<//>`:null}
          <${R} label="Attempt">${_.attempt||"not scheduled yet"}${_.maxRetries?` of up to ${_.maxRetries+1}`:""}<//>
          <${R} label="Worker">${_.workerId||"\u2014"}<//>
          <${R} label="Exit">${_.exitCode!==void 0?`code ${_.exitCode}`:_.signal?_.signal:"\u2014"}<//>
          ${_.error?m`<${R} label="Error"><span class="error-text">${_.error}</span><//>`:null}
          <${R} label="Created">${j(_.createdAt)}<//>
          <${R} label="Started">${j(_.startedAt)}<//>
          <${R} label="Finished">${j(_.finishedAt)}<//>
          <${R} label="Ran for">${qt(_.startedAt,_.finishedAt)}<//>
          ${_.notBefore?m`<${R} label="Retry after">${j(_.notBefore)}<//>`:null}
        </dl>
      </section>
      <section class="card" aria-label="Spec">
        <h2>Spec</h2>
        <dl>
          <${R} label="Job id"><span class="mono">${_.jobId}</span><//>
          <${R} label="Command"><code class="cmd-full">${_.command}</code><//>
          <${R} label="Working dir">${_.cwd||"the worker's work dir"}<//>
          <${R} label="Environment"><code>${X(_.env)||"\u2014"}</code><//>
          <${R} label="Timeout">${_.timeoutSeconds?`${_.timeoutSeconds} s`:"none"}<//>
          <${R} label="Retries">${_.maxRetries}<//>
          <${R} label="Priority">${_.priority}<//>
          ${_.idempotencyKey?m`<${R} label="Idempotency key">${_.idempotencyKey}<//>`:null}
          ${_.queue?m`<${R} label="Queue">${_.queue}<//>`:null}
          ${Z(_.resources)?m`<${R} label="Resources">${jt(_.resources)}<//>`:null}
          ${_.scheduleName?m`<${R} label="Schedule">${_.scheduleName} (fire time ${j(_.fireTime??"")})<//>`:null}
          ${_.selector&&Object.keys(_.selector).length?m`<${R} label="Selector">${X(_.selector)}<//>`:null}
        </dl>
      </section>
    </div>
    <${wn} job=${_} />
    <${Qt} title="Stdout" text=${o.stdout} truncated=${_.stdoutTruncated}
      dropped=${o.stdoutDropped}
      total=${Math.max(_.stdoutBytes,o.stdoutBytes)} running=${h&&C} />
    <${Qt} title="Stderr" text=${o.stderr} truncated=${_.stderrTruncated}
      dropped=${o.stderrDropped}
      total=${Math.max(_.stderrBytes,o.stderrBytes)} running=${h&&C} />
  `}function Kt({error:t,onToken:e}){let[n,o]=y("");return m`
    <main class="login" id="main">
      <h1>Titan</h1>
      <form class="card" onSubmit=${a=>{a.preventDefault(),n.trim()&&e(n.trim())}}>
        <label for="token">Client token</label>
        <p class="muted">The manager requires the client token (TITAN_TOKEN). It is kept in this
          tab only (sessionStorage) and sent as an Authorization header.</p>
        <input id="token" name="token" type="password" autocomplete="current-password" autofocus
          value=${n} onInput=${a=>o(a.target.value)} />
        ${t?m`<p class="error" role="alert">${t}</p>`:null}
        <button type="submit">Sign in</button>
      </form>
    </main>
  `}var Sn=3e3;function Cn({q:t,onSave:e}){let[n,o]=y(String(t.maxRunning)),a=`limit-${t.name}`;return m`
    <form class="inline" onSubmit=${r=>{r.preventDefault(),e(Number(n||0))}}>
      <label for=${a} class="sr">Most running at once in ${t.name} (0 = no limit)</label>
      <input id=${a} type="number" min="0" value=${n}
        onInput=${r=>o(r.target.value)} />
      <button type="submit">Set</button>
    </form>
  `}function Gt(){let[t,e]=y(),[n,o]=y([]),[a,r]=y([]),[i,u]=y(""),[f,h]=y(""),s=async()=>{try{t?.queues&&o((await N("ListQueues")).queues),t?.schedules&&r((await N("ListSchedules")).schedules),u("")}catch(c){u(c.message)}};T(()=>{Promise.all([q("ListQueues"),q("ListSchedules")]).then(([c,l])=>e({queues:c,schedules:l})).catch(c=>u(c.message))},[]),T(()=>{if(!t?.queues&&!t?.schedules)return;s();let c=setInterval(s,Sn);return()=>clearInterval(c)},[t?.queues,t?.schedules]);let b=async(c,l,$)=>{try{let v=await N(c,l);h($(v)),u(""),s()}catch(v){u(v.message)}};return t&&!t.queues&&!t.schedules?m`
      <h1>Queues & schedules</h1>
      <p class="muted">This manager serves neither queues nor schedules.</p>
    `:m`
    <h1>Queues & schedules</h1>
    ${i?m`<p class="error" role="alert">${i}</p>`:null}
    ${f?m`<p class="notice" role="status">${f}</p>`:null}
    ${t?.queues?m`
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
              <tbody>${n.map(c=>m`
                  <tr key=${c.name} data-queue=${c.name}>
                    <td class="mono">${c.name}</td>
                    <td>${c.paused?"paused":"active"}</td>
                    <td>${c.pending}</td>
                    <td>${c.running}</td>
                    <td>
                      <${Cn} q=${c} onSave=${l=>b("UpdateQueue",{name:c.name,maxRunning:l},()=>`${c.name}: at most ${l||"any number"} running`)} />
                    </td>
                    <td><button onClick=${()=>b("UpdateQueue",{name:c.name,paused:!c.paused},()=>`${c.name} ${c.paused?"resumed":"paused"}`)}>
                      ${c.paused?"Resume":"Pause"} ${c.name}</button></td>
                  </tr>
                `)}
            </tbody>
            </table>
          </div>
        </section>
      `:null}
    ${t?.schedules?m`
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
              <tbody>${a.map(c=>m`
                  <tr key=${c.name} data-schedule=${c.name}>
                    <td class="mono">${c.name}</td>
                    <td class="mono">${c.cron}${c.timezone?` (${c.timezone})`:""}</td>
                    <td class="wide mono cmd" title=${c.job?.command}>${c.job?.command}</td>
                    <td title=${c.nextFireTime}>${c.paused?"\u2014":j(c.nextFireTime)}</td>
                    <td>${c.lastJobId?m`<a href=${`#/jobs/${c.lastJobId}`} class="mono">${V(c.lastJobId)}</a>
                  ${Y(c.lastFireTime)}`:"\u2014"}</td>
                    <td>${c.paused?"paused":"active"}</td>
                    <td class="buttons">
                      <button onClick=${()=>b("UpdateSchedule",{name:c.name,paused:!c.paused},()=>`${c.name} ${c.paused?"resumed":"paused"}`)}>
                        ${c.paused?"Resume":"Pause"}</button>
                      <button onClick=${()=>b("TriggerSchedule",{name:c.name},l=>`${c.name} triggered: job ${l.jobId}`)}>Trigger now</button>
                    </td>
                  </tr>
                `)}
            </tbody>
            </table>
          </div>
        </section>
      `:null}
  `}var et={name:"",command:"",env:"",cwd:"",timeoutSeconds:"0",maxRetries:"0",priority:"0",idempotencyKey:"",queue:"",cpu:"",memoryMb:"",devices:"",selector:"",dependsOn:"",dependencyPolicy:"DEPENDENCY_POLICY_AFTER_SUCCESS"};function B({id:t,label:e,hint:n,children:o}){return m`
    <div class="field">
      <label for=${t}>${e}</label>
      ${o}
      ${n?m`<small class="muted" id=${`${t}-hint`}>${n}</small>`:null}
    </div>
  `}function Yt({from:t}){let[e,n]=y(et),[o,a]=y([]),[r,i]=y(""),[u,f]=y(!1);T(()=>{(async()=>{let c=(await Ee()).fields.JobSpec,l=await q("ListQueues").catch(()=>!1),{workers:$}=await N("ListWorkers"),v=$.some(_=>Z(_.capacity)||!!_.isolation);a(c.filter(_=>_==="queue"?l:_==="resources"||_==="selector"?v:!0))})().catch(()=>a([]))},[]),T(()=>{t&&N("GetJobStatus",{jobId:t}).then(c=>n({...et,name:c.name??"",command:c.command,env:X(c.env),cwd:c.cwd,timeoutSeconds:String(c.timeoutSeconds),maxRetries:String(c.maxRetries),priority:String(c.priority),queue:c.queue??"",cpu:c.resources?.cpuMillis?String(c.resources.cpuMillis/1e3):"",memoryMb:c.resources?.memoryMb?String(c.resources.memoryMb):"",devices:X(c.resources?.devices),selector:X(c.selector),dependsOn:(c.dependencies??[]).map(l=>l.jobId).join(`
`),dependencyPolicy:c.dependencyPolicy||et.dependencyPolicy})).catch(c=>i(c.message))},[t]);let h=c=>l=>n({...e,[c]:l.target.value}),s=c=>o.includes(c);return m`
    <h1>Submit a job</h1>
    <form class="card submit" onSubmit=${async c=>{c.preventDefault(),i("");let l;try{if(l={command:e.command,env:Ae(e.env,"Environment"),cwd:e.cwd,timeoutSeconds:Number(e.timeoutSeconds||0),maxRetries:Number(e.maxRetries||0),priority:Number(e.priority||0),idempotencyKey:e.idempotencyKey},s("name")&&e.name&&(l.name=e.name),s("queue")&&e.queue&&(l.queue=e.queue),s("selector")&&e.selector&&(l.selector=Ae(e.selector,"Selector")),s("resources")&&(e.cpu||e.memoryMb||e.devices)){let $=Ae(e.devices,"Devices");l.resources={cpuMillis:Math.round(Number(e.cpu||0)*1e3),memoryMb:Number(e.memoryMb||0),devices:Object.fromEntries(Object.entries($).map(([v,_])=>[v,Number(_)]))}}s("dependsOn")&&e.dependsOn.trim()&&(l.dependsOn=e.dependsOn.split(/[\s,]+/).filter(Boolean),l.dependencyPolicy=e.dependencyPolicy)}catch($){i($.message);return}f(!0);try{let $=await N("SubmitJob",l);location.hash=`#/jobs/${$.jobId}`}catch($){i($.message)}finally{f(!1)}}} aria-describedby="submit-error">
      ${s("name")?m`<${B} id="f-name" label="Name">
        <input id="f-name" value=${e.name} onInput=${h("name")} /><//>`:null}
      <${B} id="f-command" label="Command" hint="Run by the worker (with sh -c when it uses shell syntax).">
        <textarea id="f-command" required rows="3" class="mono" value=${e.command}
          onInput=${h("command")}></textarea><//>
      <${B} id="f-env" label="Environment" hint="One NAME=value per line.">
        <textarea id="f-env" rows="2" class="mono" value=${e.env} onInput=${h("env")}></textarea><//>
      <${B} id="f-cwd" label="Working directory" hint="Absolute; empty = the worker's work dir.">
        <input id="f-cwd" class="mono" value=${e.cwd} onInput=${h("cwd")} /><//>
      <div class="row3">
        <${B} id="f-timeout" label="Timeout (s)">
          <input id="f-timeout" type="number" min="0" value=${e.timeoutSeconds}
            onInput=${h("timeoutSeconds")} /><//>
        <${B} id="f-retries" label="Retries">
          <input id="f-retries" type="number" min="0" value=${e.maxRetries}
            onInput=${h("maxRetries")} /><//>
        <${B} id="f-priority" label="Priority">
          <input id="f-priority" type="number" value=${e.priority} onInput=${h("priority")} /><//>
      </div>
      <${B} id="f-key" label="Idempotency key" hint="A second submit with the same key returns the first job.">
        <input id="f-key" value=${e.idempotencyKey} onInput=${h("idempotencyKey")} /><//>
      ${s("queue")?m`<${B} id="f-queue" label="Queue">
        <input id="f-queue" value=${e.queue} onInput=${h("queue")} /><//>`:null}
      ${s("resources")?m`
          <div class="row3">
            <${B} id="f-cpu" label="CPU (cores)">
              <input id="f-cpu" type="number" min="0" step="0.001" value=${e.cpu}
                onInput=${h("cpu")} /><//>
            <${B} id="f-memory" label="Memory (MiB)">
              <input id="f-memory" type="number" min="0" value=${e.memoryMb}
                onInput=${h("memoryMb")} /><//>
            <${B} id="f-devices" label="Devices" hint="name=count per line, e.g. gpu=1.">
              <textarea id="f-devices" rows="1" class="mono" value=${e.devices}
                onInput=${h("devices")}></textarea><//>
          </div>
        `:null}
      ${s("selector")?m`
          <${B} id="f-selector" label="Worker selector"
            hint="One label=value per line: the worker must have them all.">
            <textarea id="f-selector" rows="2" class="mono" value=${e.selector}
              onInput=${h("selector")}></textarea>
            <//>
        `:null}
      ${s("dependsOn")?m`
          <${B} id="f-deps" label="Depends on" hint="Job ids, one per line: this job waits for them.">
            <textarea id="f-deps" rows="2" class="mono" value=${e.dependsOn}
              onInput=${h("dependsOn")}></textarea><//>
          ${s("dependencyPolicy")?m`<${B} id="f-policy" label="Run when the dependencies">
          <select id="f-policy" value=${e.dependencyPolicy} onChange=${h("dependencyPolicy")}>
            <option value="DEPENDENCY_POLICY_AFTER_SUCCESS">all completed</option>
            <option value="DEPENDENCY_POLICY_AFTER_COMPLETION">all ended, whatever the outcome</option>
          </select><//>`:null}
        `:null}
      <p id="submit-error" class="error" role="alert">${r}</p>
      <button type="submit" disabled=${u}>Submit</button>
    </form>
  `}var En=2e3;function Xt({used:t,total:e,label:n}){let o=e>0?Math.min(100,Math.round(t/e*100)):0;return m`
    <div class="meter" role="meter" aria-label=${n} aria-valuemin="0" aria-valuemax=${e}
      aria-valuenow=${t}>
      <span class="bar" style=${`width:${o}%`}></span>
      <span class="meter-text">${t} of ${e} ${n}</span>
    </div>
  `}function In(t,e){let n=[];t.cpuMillis&&n.push(["cores",(e?.cpuMillis??0)/1e3,t.cpuMillis/1e3]),t.memoryMb&&n.push(["MiB",e?.memoryMb??0,t.memoryMb]);for(let[o,a]of Object.entries(t.devices??{}))n.push([o,e?.devices?.[o]??0,a]);return n.map(([o,a,r])=>m`<${Xt} used=${a} total=${r} label=${o} />`)}function Zt(){let[t,e]=y([]),[n,o]=y({}),[a,r]=y(""),[i,u]=y(""),f=async()=>{try{let{workers:s}=await N("ListWorkers",{});e(s);let{jobs:b}=await N("ListJobs",{states:["SCHEDULED","RUNNING"],pageSize:1e3}),c={};for(let l of b)(c[l.workerId]??=[]).push(l);o(c),r("")}catch(s){r(s.message)}};T(()=>{f();let s=setInterval(f,En);return()=>clearInterval(s)},[]);let h=async s=>{try{let b=await N("DrainWorker",{workerId:s});u(`${s}: ${b.state}`),f()}catch(b){r(b.message)}};return m`
    <h1>Workers</h1>
    ${a?m`<p class="error" role="alert">${a}</p>`:null}
    ${i?m`<p class="notice" role="status">${i}</p>`:null}
    ${t.length===0?m`<p class="muted">No workers have connected.</p>`:null}
    <div class="cards">
      ${t.map(s=>m`
          <article class="card worker" key=${s.workerId} data-worker=${s.workerId}
            aria-label=${`Worker ${s.workerId}`}>
            <header>
              <h2 class="mono">${s.workerId}</h2>
              <span class=${`badge w-${s.state.toLowerCase()}`}>${s.state}</span>
            </header>
            <${Xt} used=${s.running} total=${s.slots} label="slots" />
            ${Z(s.capacity)?In(s.capacity,s.allocated):null}
            <dl>
              <dt>Last contact</dt><dd title=${s.lastHeartbeat}>${Y(s.lastHeartbeat)}</dd>
              <dt>Connected</dt><dd title=${s.connectedAt}>${Y(s.connectedAt)}</dd>
              ${s.isolation?m`
                  <dt>Isolation</dt>
                  <dd>${s.isolation}</dd>
                `:null}
              <dt>Address</dt><dd class="mono">${s.address||"\u2014"}</dd>
              <dt>Version</dt><dd>${s.version||"\u2014"}</dd>
              <dt>Completed</dt><dd>${s.completed}</dd>
              <dt>Labels</dt><dd>${Object.keys(s.labels).length?Object.entries(s.labels).map(([b,c])=>m`
                    <span class="tag">${b}=${c}</span>
                  `):"\u2014"}</dd>
            </dl>
            <details>
              <summary>${(n[s.workerId]??[]).length} running attempt(s)</summary>
              <ul class="attempts">
                ${(n[s.workerId]??[]).map(b=>m`
                    <li><a href=${`#/jobs/${b.jobId}`} class="mono">${b.name||V(b.jobId)}</a>
                      #${b.attempt} <span class="muted cmd">${b.command}</span></li>
                  `)}
              </ul>
            </details>
            ${s.state==="HEALTHY"?m`<button class="danger" onClick=${()=>h(s.workerId)}>Drain ${s.workerId}</button>`:null}
          </article>
        `)}
    </div>
  `}var kn=3e3;function An(){let[t,e]=y(location.hash||"#/jobs");return T(()=>{let n=()=>e(location.hash||"#/jobs");return addEventListener("hashchange",n),()=>removeEventListener("hashchange",n)},[]),t}var Mn=[["#/jobs","Jobs"],["#/submit","Submit"],["#/workers","Workers"],["#/queues","Queues & schedules"],["#/charts","Charts"]];function Pn({onLogout:t}){let e=An(),[n,o]=y(!1),[a,r]=y("");T(()=>{Ee().then(c=>{c.manager.role==="leader"&&r(`leader \xB7 term ${c.manager.term}`)}).catch(()=>{})},[]),T(()=>{Promise.all([q("ListQueues"),q("ListSchedules")]).then(([c,l])=>o(c||l)).catch(()=>{})},[]);let i=Mn.filter(([c])=>c!=="#/queues"||n),[u,f=""]=e.slice(1).split("?"),h=u.split("/").filter(Boolean),s;h[0]==="jobs"&&h[1]?s=m`<${zt} jobId=${h[1]} />`:h[0]==="submit"?s=m`<${Yt} from=${new URLSearchParams(f).get("from")??""} />`:h[0]==="workers"?s=m`<${Zt} />`:h[0]==="queues"?s=m`<${Gt} />`:h[0]==="charts"?s=m`<${Jt} />`:s=m`<${Vt} />`;let b="#/"+(h[0]??"jobs");return m`
    <a class="skip" href="#main" onClick=${c=>{c.preventDefault(),document.getElementById("main")?.focus()}}>Skip to content</a>
    <header class="top">
      <a class="brand" href="#/jobs">Titan</a>
      ${a?m`<span class="badge role" title="This manager leads the cluster">${a}</span>`:null}
      <nav aria-label="Sections">
        ${i.map(([c,l])=>m`
            <a href=${c} aria-current=${b===c?"page":void 0}>${l}</a>
          `)}
      </nav>
      ${Se()?m`<button class="link" onClick=${t}>Sign out</button>`:null}
    </header>
    <main id="main" tabIndex="-1">${s}</main>
  `}function Tn(){let[t,e]=y("checking"),[n,o]=y(""),a=async()=>{try{await N("ListWorkers",{}),e("in"),o("")}catch(r){r instanceof G&&r.code==="UNAVAILABLE"?(o(r.message),e("unavailable"),setTimeout(a,kn)):r instanceof G&&r.code==="UNAUTHENTICATED"?(Se()&&o(`The manager refused this token: ${r.message}`),Ce(""),e("login")):(o(String(r.message)),e("login"))}};return T(()=>{a()},[]),t==="checking"?m`<p class="muted center">Connecting…</p>`:t==="unavailable"?m`
      <main class="login" id="main">
        <h1>Titan</h1>
        <p class="notice" role="status">This manager serves nothing right now: ${n}</p>
        <p class="muted">The page tries again every few seconds.</p>
      </main>
    `:t==="login"?m`<${Kt} error=${n} onToken=${r=>{Ce(r),e("checking"),a()}} />`:m`<${Pn} onLogout=${()=>{Ce(""),e("login")}} />`}pt(m`<${Tn} />`,document.getElementById("app"));
