var I,Ye,Qt,W,Ee,de,Ze,ce,et,Ie,ke,zt,te=Symbol.for("pv"),_e={},fe=[],Kt=/^m(i|n|o|s|text|space)$/,Ae=Array.isArray,Te=fe.slice,Q=Object.assign;function V(t){t&&t.parentNode&&t.remove()}function tt(t,e,n){var o,l,r,i={},c=arguments.length;for(r in e)r=="key"?o=e[r]:r=="ref"&&typeof t!="function"?l=e[r]:i[r]=e[r];return c>2&&(i.children=c>3?Te.call(arguments,2):n),ee(t,i,o,l,null)}function ee(t,e,n,o,l){var r={type:t,props:e,key:n,ref:o,__k:null,__:null,__b:0,__e:null,__c:null,constructor:te,__v:l||++Ye,__i:-1,__u:0};return!l&&I.vnode&&I.vnode(r),r}function pe(t){return t.children}function le(t,e){this.props=t,this.context=e,this.__g=0}function B(t,e){if(e==null)return t.__&&B(t.__,t.__i+1);for(var n;e<t.__k.length;e++)if((n=t.__k[e])&&n.__e)return n.__e;return typeof t.type!="function"||t.props.__P?null:B(t)}function Gt(t){var e,n=t.__v,o=n.__e,l=[],r=[],i=t.__P;i&&((e=Q({constructor:te},n)).__v=n.__v+1,I.vnode&&I.vnode(e),Le(i,e,n,t.__n,i.namespaceURI,32&n.__u?[o]:null,l,o||B(n),32&n.__u,r),e.__v=n.__v,e.__.__k[e.__i]=e,it(l,e,r),n.__=n.__e=null,e.__e!=o&&nt(e))}function nt(t){if((t=t.__)&&t.__c&&!t.props.__P)return t.__e=null,t.__k.some(function(e){return e&&(t.__e=e.__e)}),nt(t)}function Ge(t){(8&t.__g||(t.__g|=8,W.push(t),de++))&&Ee==I.debounceRendering||((Ee=I.debounceRendering)||queueMicrotask)(ot)}function ot(){try{for(var t,e=1;W.length;)W.length>e&&W.sort(Ze),t=W.shift(),e=W.length,8&t.__g&&Gt(t)}finally{(de=W.length)&&(Ee||queueMicrotask)(ot)}}function rt(t,e,n,o,l,r,i,c,_,$,s){var h,f,a,d,y,g,w=o.__k||fe,S=e.length;for(_=Xt(n,e,w,_,S),h=0;h<S;h++)(a=n.__k[h])!=null&&(f=~a.__i&&w[a.__i]||_e,a.__i=h,g=Le(t,a,f,l,r,i,c,_,$,s),d=a.__e,(f.ref!=a.ref||8&f.__u)&&(f.ref&&Pe(f.ref,null,a,f),a.ref&&s.push(a.ref,a.__c||d,a)),y=y||d,4&a.__u?(_=st(a,_,t,!f.__v),f.__e&&(f.__e=null)):typeof a.type=="function"&&g!==void 0?_=g:d&&(_=d.nextSibling),a.__u&=-21);return n.__e=y,_}function Xt(t,e,n,o,l){var r,i,c,_,$,s,h,f,a,d=n.length,y=d,g=0,w=0,S=t.__k=Array(l);for(r=0;r<l;r++)(i=e[r])!=null&&typeof i!="boolean"&&typeof i!="function"?(typeof i!="object"||i.constructor===String?i=S[r]=ee(null,i):Ae(i)?i=S[r]=ee(pe,{children:i}):i.constructor===te&&i.__b?i=S[r]=ee(i.type,i.props,i.key,i.ref,i.__v):S[r]=i,_=r+g,i.__=t,i.__b=t.__b+1,c=null,~($=i.__i=Yt(i,n,_,y))&&(y--,(c=n[$])&&(c.__u|=2)),c&&c.__v?(i.__u|=16,$==_-1?g--:$==_+1?g++:$!=_&&($>_?g--:g++,w=1)):(~$||(l>d?g--:l<d&&g++),typeof i.type!="function"&&(i.__u|=4))):S[r]=null;if(w){for(s=[],h=[],r=0;r<l;r++)if((i=S[r])&&16&i.__u){for(g=0,f=s.length;g<f;)s[a=g+f>>1]<i.__i?g=a+1:f=a;s[g]=i.__i,h[r]=g+1}for(g=s.length;r--;)h[r]&&(h[r]==g?g--:S[r].__u|=4)}if(y)for(r=0;r<d;r++)!(c=n[r])||2&c.__u||(c.__e==o&&(o=B(c)),Re(c,c));return o}function st(t,e,n,o){var l,r,i,c;if(typeof t.type=="function"){if(t.props.__P)return e;if(l=t.__k)for(r=0;r<l.length;r++)l[r]&&(l[r].__=t,e=st(l[r],e,n,!1));return e}for(e&&!e.parentNode&&(e=B(t))&&!e.parentNode&&(e=null),i=t.__e,c=e;c&&c.nodeType==8;)c=c.nextSibling;for(i!=c&&(!o&&n.moveBefore&&i.parentNode?n.moveBefore(i,e):n.insertBefore(i,e||null)),e=i;(e=e&&e.nextSibling)&&e.nodeType==8&&!e.data.startsWith("$s"););return e}function Yt(t,e,n,o){var l,r=t.key,i=t.type,c=e[n],_=c&&!(2&c.__u);if(c===null&&r==null||_&&r==c.key&&i==c.type)return n;if(o>(_?1:0)){for(l=n-1;l>=0;l--)if((c=e[l])&&!(2&c.__u)&&r==c.key&&i==c.type)return l;for(l=n+1;l<e.length;l++)if((c=e[l])&&!(2&c.__u)&&r==c.key&&i==c.type)return l}return-1}function Xe(t,e,n){n==null&&(n=""),e[0]=="-"?t.setProperty(e,n):t[e]=n}function ie(t,e,n,o,l){var r,i;if(e=="style")if(typeof n=="string")t.style.cssText=n;else{if(typeof o=="string"&&(t.style.cssText=o=""),o)for(e in o)n&&e in n||Xe(t.style,e);if(n)for(e in n)o&&n[e]==o[e]||Xe(t.style,e,n[e])}else if(e[0]=="o"&&e[1]=="n")typeof n!="function"&&(n=null),typeof o!="function"&&(o=null),(t.__e||(t.__e={}))[e]=n,n&&o||(i=ke[e]||(ke[e]=Zt(e)),(t.__a||(t.__a={}))[e]=Ie,r=e!=(e=e.replace(et,"$1")),(e=e.slice(2))[0]<"a"&&(e=e.toLowerCase()),n?t.addEventListener(e,i,r):t.removeEventListener(e,i,r));else{if(l=="http://www.w3.org/2000/svg")e=e.replace(/xlink(H|:h)/,"h").replace(/sName$/,"s");else if(e!="width"&&e!="height"&&e!="href"&&e!="list"&&e!="form"&&e!="tabIndex"&&e!="download"&&e!="rowSpan"&&e!="colSpan"&&e!="role"&&e!="popover"&&e in t)try{return void(t[e]=n??"")}catch{}if(typeof n=="function")return;n==null||n===!1&&e[4]!="-"?t.removeAttribute(e):t.setAttribute(e,e=="popover"&&n==1?"":n)}}function Zt(t){return function(e){var n=this.__e;if(n){if(n=n[t],e[ce]==null)e[ce]=Ie++;else if(e[ce]<this.__a[t])return;return n(I.event?I.event(e):e)}}}function Le(t,e,n,o,l,r,i,c,_,$){var s,h,f,a,d,y,g,w,S,k,C,O,H,F,b,R,D,u,p=e.type;if(e.constructor!==te)return null;128&n.__u&&(_=32&n.__u,s=n.__c.__z)&&(e.__u|=_,h=r=[],s.nodeType==8?c=ue(s,r):r.push(s),c=r[0]||c),(s=I.__b)&&s(e);e:if(typeof p=="function"){f=i.length;try{if(w=e.props,S=(s=p.prototype)&&s.render,k=(s=p.contextType)&&o[s.__c],C=s?k?k.props.value:s.__:o,(a=n.__c)?(e.__c=a,2&a.__g&&(a.__g|=1)):(S?e.__c=a=new p(w,C):(e.__c=a=new le(w,C),a.constructor=p,a.render=tn),k&&k.sub(a),a.state||(a.state={}),a.__n=o,a.__g|=8,a.__h=[],a.__k=[]),S&&(a.__s||(a.__s=a.state),p.getDerivedStateFromProps&&(a.__s==a.state&&(a.__s=Q({},a.__s)),Q(a.__s,p.getDerivedStateFromProps(w,a.__s)))),d=a.props,y=a.state,a.__v=e,n.__c){if(w!==d&&S&&!p.getDerivedStateFromProps&&a.componentWillReceiveProps&&a.componentWillReceiveProps(w,C),e.__v==n.__v&&!(8&a.__g)||!(4&a.__g)&&a.shouldComponentUpdate&&a.shouldComponentUpdate(w,a.__s,C)===!1){e.__v!=n.__v&&(a.props=w,a.state=a.__s,a.__g&=-9),e.__e=n.__e,e.__k=n.__k,e.__k.some(function(v){v&&(v.__=e)}),fe.push.apply(a.__h,a.__k),a.__k=[],a.__h.length&&i.push(a),c=B(n);break e}a.componentWillUpdate&&a.componentWillUpdate(w,a.__s,C),S&&a.componentDidUpdate&&a.__h.push(function(){a.componentDidUpdate(d,y,g)})}else S&&!p.getDerivedStateFromProps&&a.componentWillMount&&a.componentWillMount(),S&&a.componentDidMount&&a.__h.push(a.componentDidMount);a.context=C,a.props=w,a.__P=t,a.__g&=-5,O=I.__r,H=S?25:0;do a.__g&=-9,O&&O(e),s=a.render(a.props,a.state=a.__s,a.context);while(8&a.__g&&++H<25);S&&(fe.push.apply(a.__h,a.__k),a.__k=[]),a.state=a.__s,a.getChildContext&&(o=Q({},o,a.getChildContext())),S&&n.__c&&a.getSnapshotBeforeUpdate&&(g=a.getSnapshotBeforeUpdate(d,y)),F=s&&s.type===pe&&s.key==null?s.props.children:s,w.__P&&(s=c,l=(t=w.__P).namespaceURI,_=r=null,n.props&&n.props.__P!=t&&(n.__k.some(function(v){v&&Re(v,v)}),n.__k=null),c=n.__k?B(n,0):null),c=rt(t,Ae(F)?F:[F],e,n,o,l,r,i,c,_,$),w.__P&&(e.__e=null,c=s),e.__u&=-161,h&&h.some(V),a.__h.length&&i.push(a),1&a.__g&&(a.__g&=-4)}catch(v){if(i.length=f,e.__v=null,_||r)if(v&&v.then){if(e.__u|=128|_,r){for(~(D=r.indexOf(c||void 0))||(D=r.length);(u=r[D-1])&&u.nodeType==8;)D--;for(;D<r.length;D++)if(u=r[D])if(r[D]=null,b){if(u==R)break}else{if(u.nodeType!=8)break;u.data.startsWith("$s")&&(R=ue(b=u))}}if(!b){for(;c&&c.nodeType==8&&c.nextSibling;)c=c.nextSibling;b=c}(s=ue(b=e.__c.__z||(e.__c.__z=b)))?(e.__e=b,c=s):e.__e=c,c=c&&c.nextSibling}else r&&r.some(V);else e.__e=n.__e;e.__k||(e.__k=n.__k||[]),v&&v.then||at(e),I.__e(v,e,n)}}else c=e.__e=en(n.__e,e,n,o,l,r,i,_,$,t);return(s=I.diffed)&&s(e),c}function ue(t,e){if(t&&t.nodeType==8&&t.data.startsWith("$s"))for(var n=1;t=t.nextSibling;){if(t.nodeType==8){if(t.data.startsWith("$s"))n++;else if(t.data.startsWith("/$s")&&!--n)return t}e&&e.push(t)}}function at(t){t&&(t.__c&&(t.__c.__g|=4),t.__k&&t.__k.some(at))}function it(t,e,n){for(var o=0;o<n.length;)Pe(n[o++],n[o++],n[o++]);I.__c&&I.__c(e,t),t.some(function(l){try{t=l.__h,l.__h=[],t.some(function(r){r.call(l)})}catch(r){I.__e(r,l.__v)}})}function en(t,e,n,o,l,r,i,c,_,$){var s,h,f,a,d,y,g,w,S=n.props||_e,k=e.props,C=e.type;if(C=="svg"?l="http://www.w3.org/2000/svg":C=="math"?l="http://www.w3.org/1998/Math/MathML":l||(l="http://www.w3.org/1999/xhtml"),r){for(s=0;s<r.length;s++)if((d=r[s])&&(C?d.localName==C:d.nodeType==3)){t=d,r[s]=null;break}}if(!t){if(w=$.ownerDocument||document,!C)return w.createTextNode(k);t=w.createElementNS(l,C,k.is?k:$),c&&(I.__m&&I.__m(e,r),c=!1),r=null}if(C){if($=C=="template"&&t.content||t,r=C=="textarea"&&k.defaultValue!=null?null:r&&Te.call($.childNodes),!c&&r)for(S={},s=0;s<t.attributes.length;s++)S[(d=t.attributes[s]).name]=d.value;for(s in S)d=S[s],s=="dangerouslySetInnerHTML"?f=d:s=="children"||s in k||s=="value"&&"defaultValue"in k||s=="checked"&&"defaultChecked"in k||ie(t,s,null,d,l);for(s in k)d=k[s],s=="children"?a=d:s=="dangerouslySetInnerHTML"?h=d:s=="value"?y=d:s=="checked"?g=d:c&&typeof d!="function"||S[s]===d||ie(t,s,d,S[s],l);h?(c||f&&(h.__html==f.__html||h.__html==t.innerHTML)||(t.innerHTML=h.__html),e.__k=[]):(f&&(t.textContent=""),(C=="foreignObject"||l=="http://www.w3.org/1998/Math/MathML"&&Kt.test(C))&&(l="http://www.w3.org/1999/xhtml"),rt($,Ae(a)?a:[a],e,n,o,l,r,i,r?r[0]:n.__k&&B(n,0),c,_),r&&r.some(V)),c&&C!="textarea"||(s="value",C=="progress"&&y==null?t.removeAttribute(s):y==null||y===t[s]&&(C!="progress"||y)||ie(t,s,y,S[s],l),s="checked",g!=null&&g!=t[s]&&ie(t,s,g,S[s],l))}else S===k||c&&t.data==k||(t.data=k);return t}function Pe(t,e,n,o){try{typeof t=="function"?e?e.__x=t(e)||1:o&&(o=o.__c||o.__e)&&(e=o.__x)&&(o.__x=null,typeof e=="function"?e():t(null)):t.current=e}catch(l){I.__e(l,n)}}function Re(t,e,n){var o,l,r,i;if(I.unmount&&I.unmount(t),!(o=t.ref)||o.current&&o.current!=t.__e||Pe(o,null,e,t),o=t.__c){if(o.componentWillUnmount)try{o.componentWillUnmount()}catch(c){I.__e(c,e)}o.__P=o.__n=null}if(o=t.__k)for(i=0;i<o.length;i++)o[i]&&Re(o[i],e,typeof t.type!="function"||n&&!t.props.__P);!n&&(o=t.__c)&&(o=o.__z)&&(l=ue(o,r=[]))&&(o==t.__e&&r.some(V),V(l),V(o)),n||V(t.__e),t.__e=t.__c=t.__=null}function tn(t,e,n){return this.constructor(t,n)}function ct(t,e){var n,o,l,r;I.__&&I.__(t,e),e.nodeType==9&&(e=e.documentElement),o=(n=t&&32&t.__u)?null:e.__k,e.__k=ee(pe,{children:[t]}),l=[],r=[],Le(e,e.__k,o||_e,_e,e.namespaceURI,o?null:e.firstChild?Te.call(e.childNodes):null,l,o?o.__e:e.firstChild,n,r),it(l,e.__k,r),e.__k.props.children=null}I={__e:function(t,e,n,o){for(var l,r,i;e=e.__;)if((l=e.__c)&&!(1&l.__g)){l.__g|=4;try{if((i=(r=l.constructor)&&r.getDerivedStateFromError)&&l.setState(r.getDerivedStateFromError(t)),l.componentDidCatch&&(l.componentDidCatch(t,o||{}),i=1),i&&8&l.__g)return void(l.__g|=2)}catch(c){t=c}}throw de=0,t}},Ye=0,Qt=function(t){return t!=null&&t.constructor===te},le.prototype.setState=function(t,e){var n=this.__s;n&&n!=this.state||(n=this.__s=Q({},this.state)),typeof t=="function"&&(t=t(Q({},n),this.props)),t&&(Q(n,t),this.__v&&(e&&this.__k.push(e),Ge(this)))},le.prototype.forceUpdate=function(t){this.__v&&(this.__g|=4,t&&this.__h.push(t),Ge(this))},le.prototype.render=pe,W=[],de=0,Ze=function(t,e){return t.__v.__b-e.__v.__b},ce=Symbol(),et=/(PointerCapture)$|Capture$/i,Ie=0,ke={},zt=0;var oe,M,Me,lt,Ne=Object.is,me=0,bt=[],Oe=[],P=I,ut=P.__b,dt=P.__r,_t=P.diffed,ft=P.__c,pt=P.unmount,mt=P.__;function Fe(t,e){P.__h&&P.__h(M,t,me||e),me=0;var n=M.__H||(M.__H={__:[],__h:[]});return t>=n.__.length&&n.__.push({}),n.__[t]}function x(t){return me=1,nn(yt,t)}function nn(t,e,n){var o=Fe(oe++,2);if(o.t=t,!o.__c&&(o.__=[n?n(e):yt(void 0,e),function(r){var i=(o.__N||o.__)[0],c=o.t(i,r);Ne(i,c)||(o.__N=[c,o.__[1]],o.__c.setState({}))}],o.__c=M,!M.__f)){M.__f=!0;var l=M.shouldComponentUpdate;M.shouldComponentUpdate=function(r,i,c){var _=this.__H;if(!_)return!0;var $=!1,s=this.props!=r;if(_.__.some(function(f){f.__N&&($=!0,Ne(f.__[0],f.__N[0])||(s=!0))}),l){var h=l.call(this,r,i,c);return $?h||s:h}return!$||s}}return o.__}function T(t,e){var n=Fe(oe++,3);!P.__s&&vt(n.__H,e)&&(n.__P=!0,n.__=t,n.u=e,M.__H.__h.push(n))}function gt(t){return me=5,on(function(){return{current:t}},[])}function on(t,e){var n=Fe(oe++,7);return vt(n.__H,e)&&(n.__=t(),n.__H=e),n.__}function rn(){var t;do{for(;t=Oe.shift();)try{ne(t)}catch(n){P.__e(n,{__:(t=t.__P)&&t.__v})}for(;t=bt.shift();){var e=t.__H;if(t.__P&&e)try{e.__h.some(ne),e.__h.some(De),e.__h=[]}catch(n){e.__h=[],P.__e(n,t.__v)}}}while(Oe.length)}P.__b=function(t){M=null,ut&&ut(t)},P.__=function(t,e){t&&e.__k&&e.__k.__m&&(t.__m=e.__k.__m),mt&&mt(t,e)},P.__r=function(t){dt&&dt(t),oe=0;var e=(M=t.__c).__H;e&&(Me==M?M.__h=[]:(e.__h.some(ne),e.__h.some(De),oe=0),e.__h=[],e.__.some(function(n){n.__N&&(n.__=n.__N),n.u=n.__N=void 0})),Me=M},P.diffed=function(t){_t&&_t(t);var e=t.__c;e&&e.__H&&(e.__H.__h.length&&$t(bt.push(e)),e.__H.__.some(function(n){n.u&&(n.__H=n.u)})),Me=M=null},P.__c=function(t,e){e.some(function(n){try{n.__h.some(ne),n.__h=n.__h.filter(function(o){return!o.__||De(o)})}catch(o){n.__h=[function(){throw o}]}}),ft&&ft(t,e)},P.unmount=function(t){pt&&pt(t);var e,n,o=t.__c;o&&o.__H&&(o.__H.__.some(function(l){try{if(l.__P&&l.__c){if(n===void 0){for(n=t.__;n&&(!n.__c||!n.__c.__P);)n=n.__;n=n&&n.__c}l.__P=n,$t(Oe.push(l))}else ne(l)}catch(r){e=r}}),o.__H=void 0,e&&P.__e(e,o.__v))};var ht=typeof requestAnimationFrame=="function";function sn(t){var e,n=function(){clearTimeout(o),ht&&cancelAnimationFrame(e),setTimeout(t)},o=setTimeout(n,35);ht&&(e=requestAnimationFrame(n))}function $t(t){t!=1&&lt==P.requestAnimationFrame||((lt=P.requestAnimationFrame)||sn)(rn)}function ne(t){var e=M,n=t.__c;typeof n=="function"&&(t.__c=void 0,n()),M=e}function De(t){var e=M;t.__c=t.__(),M=e}function vt(t,e){return!t||t.length!=e.length||e.some(function(n,o){return!Ne(n,t[o])})}function yt(t,e){return typeof e=="function"?e(t):e}var X=class extends Error{constructor(e,n){super(e),this.name="ParseError",this.type=n.type,this.field=n.field,this.value=n.value,this.line=n.line}};var he=10,$e=13,z=32,xt=6;function je(t){if(typeof t=="function")throw new TypeError("`config` must be an object, got a function instead. Did you mean `createParser({onEvent: fn})`?");let{maxBufferSize:e,onComment:n,onError:o,onEvent:l,onId:r,onRetry:i}=t,c=[],_=0,$="",s,h="",f=0,a,d=!1,y=!1,g=!1;function w(u){if(d)throw new Error("Cannot feed parser: it was terminated after exceeding the configured max buffer size. Call `reset()` to resume parsing.");if($!==void 0){if(u=$+u,u===""||u==="\xEF"||u==="\xEF\xBB"){$=u;return}$=void 0,u=u.replace(/^(?:\uFEFF|\xEF\xBB\xBF)/,"")}if((y||g)&&(u=S(u),!u))return;if(!c.length){let v=H(u);v!==""&&k(v),O();return}if(u.indexOf(`
`)===-1&&u.indexOf("\r")===-1){if(_<xt){let v=c.join("")+u.slice(0,xt-_);if(!C(v)){c.length=0,_=0,y=!0;return}}c.push(u),_+=u.length,O();return}c.push(u);let p=c.join("");c.length=0,_=0,k(H(p)),O()}function S(u){if(u.length===0)return u;if(g)return g=!1,u.charCodeAt(0)===he?u.slice(1):u;let p=u.indexOf("\r"),v=u.indexOf(`
`),L=p===-1?v:v===-1||p<v?p:v;return L===-1?"":L===u.length-1&&u.charCodeAt(L)===$e?(y=!1,g=!0,""):(y=!1,u.slice(L+(u.charCodeAt(L)===$e&&u.charCodeAt(L+1)===he?2:1)))}function k(u){if(u){if(u.charCodeAt(u.length-1)===$e){if(F(u,0,u.length-1),O())return;g=!0;return}if(C(u)){c.push(u),_=u.length;return}y=!0}}function C(u){let p=u.charCodeAt(0);return p===58&&!!n||p===100&&be(u,"data")||p===101&&be(u,"event")||p===105&&be(u,"id")||p===114&&be(u,"retry")}function O(){return d?!0:e===void 0||_+h.length<=e?!1:(d=!0,c.length=0,_=0,s=void 0,h="",f=0,a=void 0,y=!1,g=!1,o?.(new X(`Buffered data exceeded max buffer size of ${e} characters`,{type:"max-buffer-size-exceeded"})),!0)}function H(u){let p=0;if(u.indexOf("\r")===-1){let E=u.indexOf(`
`,p);for(;E!==-1;){if(p===E){s!==void 0&&r?.(s),f>0&&l?.({id:s,event:a,data:h}),s=void 0,h="",f=0,a=void 0,p=E+1,E=u.indexOf(`
`,p);continue}let J=u.charCodeAt(p);if(wt(u,p,J)){let Ce=u.charCodeAt(p+5)===z?p+6:p+5,Z=u.slice(Ce,E);if(f===0&&u.charCodeAt(E+1)===he){s!==void 0&&r?.(s),l?.({id:s,event:a,data:Z}),s=void 0,h="",a=void 0,p=E+2,E=u.indexOf(`
`,p);continue}h=f===0?Z:`${h}
${Z}`,f++}else St(u,p,J)?a=u.slice(u.charCodeAt(p+6)===z?p+7:p+6,E)||void 0:F(u,p,E);if(O())return"";p=E+1,E=u.indexOf(`
`,p)}return u.slice(p)}let v=u.indexOf("\r",p),L=u.indexOf(`
`,p);for(;p<u.length;){let E=-1;if(v!==-1&&L!==-1?E=v<L?v:L:v!==-1?v===u.length-1?E=-1:E=v:L!==-1&&(E=L),E===-1)break;if(F(u,p,E),O())return"";p=E+1,u.charCodeAt(p-1)===$e&&u.charCodeAt(p)===he&&p++,v!==-1&&v<p&&(v=u.indexOf("\r",p)),L!==-1&&L<p&&(L=u.indexOf(`
`,p))}return u.slice(p)}function F(u,p,v){if(p===v){R();return}let L=u.charCodeAt(p);if(wt(u,p,L)){let G=u.charCodeAt(p+5)===z?p+6:p+5,Ke=u.slice(G,v);h=f===0?Ke:`${h}
${Ke}`,f++;return}if(St(u,p,L)){a=u.slice(u.charCodeAt(p+6)===z?p+7:p+6,v)||void 0;return}if(L===105&&u.charCodeAt(p+1)===100&&u.charCodeAt(p+2)===58){let G=u.slice(u.charCodeAt(p+3)===z?p+4:p+3,v);G.includes("\0")||(s=G);return}if(L===58){if(n){let G=u.slice(p,v);n(G.slice(u.charCodeAt(p+1)===z?2:1))}return}let E=u.slice(p,v),J=E.indexOf(":");if(J===-1){b(E,"",E);return}let Ce=E.slice(0,J),Z=E.charCodeAt(J+1)===z?2:1,Vt=E.slice(J+Z);b(Ce,Vt,E)}function b(u,p,v){switch(u){case"event":a=p||void 0;break;case"data":h=f===0?p:`${h}
${p}`,f++;break;case"id":p.includes("\0")||(s=p);break;case"retry":/^\d+$/.test(p)?i?.(parseInt(p,10)):o?.(new X(`Invalid \`retry\` value: "${p}"`,{type:"invalid-retry",value:p,line:v}));break;default:o?.(new X(`Unknown field "${u.length>20?`${u.slice(0,20)}\u2026`:u}"`,{type:"unknown-field",field:u,value:p,line:v}));break}}function R(){s!==void 0&&r?.(s),f>0&&l?.({id:s,event:a,data:h}),s=void 0,h="",f=0,a=void 0}function D(u={}){if(u.consume&&c.length>0){let p=c.join("");F(p,0,p.length)}$="",s=void 0,h="",f=0,a=void 0,c.length=0,_=0,d=!1,y=!1,g=!1}return{feed:w,reset:D}}function wt(t,e,n){return n===100&&t.charCodeAt(e+1)===97&&t.charCodeAt(e+2)===116&&t.charCodeAt(e+3)===97&&t.charCodeAt(e+4)===58}function St(t,e,n){return n===101&&t.charCodeAt(e+1)===118&&t.charCodeAt(e+2)===101&&t.charCodeAt(e+3)===110&&t.charCodeAt(e+4)===116&&t.charCodeAt(e+5)===58}function be(t,e){let n=1;for(;n<t.length&&n<e.length;){if(t.charCodeAt(n)!==e.charCodeAt(n))return!1;n++}return t.length<=e.length||t.charCodeAt(e.length)===58}var We="titan.token",Ct="/api/titan.ManagerService/",re=class extends Error{status;code;constructor(e,n,o){super(o),this.status=e,this.code=n,this.name="ApiError"}};function ge(){return sessionStorage.getItem(We)??""}function ve(t){t?sessionStorage.setItem(We,t):sessionStorage.removeItem(We)}function Et(t={}){let e=ge();return{"content-type":"application/json",...e?{authorization:`Bearer ${e}`}:{},...t}}async function kt(t){let e=await t.json().catch(()=>({}));return new re(t.status,e.code??"UNKNOWN",e.message??t.statusText)}async function Be(t,e){let n=await fetch(t,{method:"POST",headers:Et(),body:JSON.stringify(e)});if(!n.ok)throw await kt(n);return await n.json()}function N(t,e={}){return Be(Ct+t,e)}function ye(){return Be("/api/dashboard/Overview",{})}var He;function q(){return He??=Be("/api/dashboard/Schema",{}).catch(t=>{throw He=void 0,t}),He}async function It(t,e,n,o){let l=await fetch(t,{method:"POST",headers:Et({accept:"text/event-stream"}),body:JSON.stringify(e),signal:o});if(!l.ok)throw await kt(l);let r=je({onEvent:c=>n(c.event??"message",JSON.parse(c.data))}),i=l.body.pipeThrough(new TextDecoderStream).getReader();try{for(;;){let{done:c,value:_}=await i.read();if(c)return;r.feed(_)}}catch(c){if(o.aborted)return;throw c}}function At(t,e,n){return It(Ct+"WatchJob",{jobId:t,fromStart:!0},e,n)}function Tt(t,e,n){return It("/api/dashboard/WatchJobs",{jobIds:t},e,n)}function Lt(t){let e=atob(t),n=new Uint8Array(e.length);for(let o=0;o<e.length;o++)n[o]=e.charCodeAt(o);return new TextDecoder().decode(n)}var Rt=function(t,e,n,o){var l;e[0]=0;for(var r=1;r<e.length;r++){var i=e[r++],c=e[r]?(e[0]|=i?1:2,n[e[r++]]):e[++r];i===3?o[0]=c:i===4?o[1]=Object.assign(o[1]||{},c):i===5?(o[1]=o[1]||{})[e[++r]]=c:i===6?o[1][e[++r]]+=c+"":i?(l=t.apply(c,Rt(t,c,n,["",null])),o.push(l),c[0]?e[0]|=2:(e[r-2]=0,e[r]=l)):o.push(c)}return o},Pt=new Map;function qe(t){var e=Pt.get(this);return e||(e=new Map,Pt.set(this,e)),(e=Rt(this,e.get(t)||(e.set(t,e=function(n){for(var o,l,r=1,i="",c="",_=[0],$=function(f){r===1&&(f||(i=i.replace(/^\s*\n\s*|\s*\n\s*$/g,"")))?_.push(0,f,i):r===3&&(f||i)?(_.push(3,f,i),r=2):r===2&&i==="..."&&f?_.push(4,f,0):r===2&&i&&!f?_.push(5,0,!0,i):r>=5&&((i||!f&&r===5)&&(_.push(r,0,i,l),r=6),f&&(_.push(r,f,0,l),r=6)),i=""},s=0;s<n.length;s++){s&&(r===1&&$(),$(s));for(var h=0;h<n[s].length;h++)o=n[s][h],r===1?o==="<"?($(),_=[_],r=3):i+=o:r===4?i==="--"&&o===">"?(r=1,i=""):i=o+i[0]:c?o===c?c="":i+=o:o==='"'||o==="'"?c=o:o===">"?($(),r=1):r&&(o==="="?(r=5,l=i,i=""):o==="/"&&(r<5||n[s][h+1]===">")?($(),r===3&&(_=_[0]),r=_,(_=_[0]).push(2,0,r),r=0):o===" "||o==="	"||o===`
`||o==="\r"?($(),r=2):i+=o),r===3&&i==="!--"&&(r=4,_=_[0])}return $(),_}(t)),e),arguments,[])).length>1?e:e[0]}var an=qe.default??qe,m=an.bind(tt);var cn=5e3,Ue=600,se=150;function Je(t){return t===0?"0":Math.abs(t)>=100?t.toFixed(0):Math.abs(t)>=1?t.toFixed(1):t.toPrecision(2)}function xe({title:t,unit:e,series:n}){let o=n.flatMap(a=>a.points),l=o.map(([a])=>a),r=o.map(([,a])=>a).filter(a=>a!==null),i=Math.min(...l,Date.now()-36e5),c=Math.max(...l,Date.now()),_=Math.max(...r,1e-9)*1.1,$=a=>(a-i)/(c-i||1)*Ue,s=a=>se-a/_*se,h=a=>[...a.points].reverse().find(([,d])=>d!==null)?.[1],f=n.map(a=>`${a.label} ${Je(h(a)??0)}`).join(", ");return m`
    <figure class="card chart">
      <figcaption>
        <h2>${t}</h2>
        <ul class="legend">
          ${n.map(a=>m`<li class=${a.cls}><span class="swatch"></span>${a.label}
            <strong>${Je(h(a)??0)}</strong> ${e}</li>`)}
        </ul>
      </figcaption>
      <svg viewBox=${`0 0 ${Ue} ${se}`} preserveAspectRatio="none" role="img"
        aria-label=${`${t}, last hour; now: ${f}`}>
        <line x1="0" y1=${se} x2=${Ue} y2=${se} class="axis" />
        ${n.map(a=>{let d=[],y=[];for(let[g,w]of a.points)w===null?(y.length&&d.push(y.join(" ")),y=[]):y.push(`${$(g).toFixed(1)},${s(w).toFixed(1)}`);return y.length&&d.push(y.join(" ")),d.map(g=>m`<polyline class=${`line ${a.cls}`} points=${g} />`)})}
      </svg>
      <div
        class="scale muted"><span>1 h ago</span><span>max ${Je(_/1.1)} ${e}</span><span>now</span></div>
    </figure>
  `}function Ve(t,e){let n=[];for(let o=1;o<t.length;o++){let l=(t[o].t-t[o-1].t)/1e3;l>0&&n.push([t[o].t,Math.max(0,t[o][e]-t[o-1][e])/l])}return n}function Mt(){let[t,e]=x([]),[n,o]=x("");T(()=>{let i=()=>ye().then(_=>{e(_.samples),o("")}).catch(_=>o(_.message));i();let c=setInterval(i,cn);return()=>clearInterval(c)},[]);let l=t[t.length-1],r=i=>t.map(c=>[c.t,c[i]]);return m`
    <h1>Last hour</h1>
    ${n?m`<p class="error" role="alert">${n}</p>`:null}
    ${l?m`<p class="muted totals">As of ${new Date(l.t).toLocaleTimeString()}, since the
          manager started: <span data-total="submitted">${l.submitted}</span> submitted,
          <span data-total="completed">${l.completed}</span> completed,
          <span data-total="failed">${l.failed}</span> failed,
          <span data-total="cancelled">${l.cancelled}</span> cancelled.</p>`:null}
    <div class="charts">
      <${xe} title="Jobs finished per second" unit="/s" series=${[{label:"completed",cls:"c-completed",points:Ve(t,"completed")},{label:"failed",cls:"c-failed",points:Ve(t,"failed")},{label:"cancelled",cls:"c-cancelled",points:Ve(t,"cancelled")}]} />
      <${xe} title="Queue length" unit="jobs" series=${[{label:"waiting",cls:"c-pending",points:r("queueLength")}]} />
      <${xe} title="Queue wait" unit="s" series=${[{label:"p50",cls:"c-completed",points:r("waitP50")},{label:"p99",cls:"c-failed",points:r("waitP99")}]} />
      <${xe} title="Running attempts and slots" unit="" series=${[{label:"running",cls:"c-running",points:r("running")},{label:"slots",cls:"c-slots",points:r("slots")}]} />
    </div>
  `}var ln=["COMPLETED","FAILED","CANCELLED"],Nt=["PENDING","SCHEDULED","RUNNING","COMPLETED","FAILED","CANCELLED"],we=t=>ln.includes(t);function ae(t,e=Date.now()){if(!t)return"";let n=Math.max(0,Math.round((e-Date.parse(t))/1e3));return n<60?`${n} s ago`:n<3600?`${Math.floor(n/60)} min ago`:n<86400?`${Math.floor(n/3600)} h ago`:`${Math.floor(n/86400)} d ago`}function K(t){return t?new Date(t).toLocaleString():"\u2014"}function Ot(t,e,n=Date.now()){if(!t)return"\u2014";let o=(e?Date.parse(e):n)-Date.parse(t);return o<1e3?`${o} ms`:o<6e4?`${(o/1e3).toFixed(1)} s`:`${Math.floor(o/6e4)} min ${Math.round(o%6e4/1e3)} s`}function Qe(t){return t<1024?`${t} B`:t<1024*1024?`${(t/1024).toFixed(1)} KiB`:`${(t/1024/1024).toFixed(1)} MiB`}var Y=t=>t.slice(-12);function Se(t,e){let n={};for(let[o,l]of t.split(`
`).entries()){let r=l.trim();if(!r)continue;let i=r.indexOf("=");if(i<=0)throw new Error(`${e} line ${o+1}: expected NAME=VALUE, got "${r}"`);n[r.slice(0,i).trim()]=r.slice(i+1)}return n}var U=t=>Object.entries(t??{}).map(([e,n])=>`${e}=${n}`).join(`
`);var un=50,dn=2e3;function ze({state:t}){return m`<span class=${`badge s-${t.toLowerCase()}`}>${t}</span>`}function Dt(){let[t,e]=x([]),[n,o]=x(""),[l,r]=x(""),[i,c]=x([""]),[_,$]=x([]),[s,h]=x(""),[f,a]=x({}),[d,y]=x(""),[g,w]=x(!1);T(()=>{q().then(b=>w(b.fields.ListJobsRequest.includes("query"))).catch(()=>{})},[]);let S=i[i.length-1],k=gt(0),C=async()=>{let b=++k.current;try{let R={states:t,pageSize:un,pageToken:S};l&&g&&(R.query=l);let D=await N("ListJobs",R);if(b!==k.current)return;$(D.jobs),h(D.nextPageToken),y("")}catch(R){y(R.message)}ye().then(R=>a(R.counts)).catch(()=>{})};T(()=>{if(C(),S!=="")return;let b=setInterval(C,dn);return()=>clearInterval(b)},[t.join(),l,S,g]);let O=_.filter(b=>!we(b.state)).map(b=>b.jobId);T(()=>{if(O.length===0)return;let b=new AbortController;return Tt(O,(R,D)=>{if(R!=="status")return;let u=D;$(p=>p.map(v=>v.jobId===u.jobId?{...v,...u}:v))},b.signal).catch(()=>{}),()=>b.abort()},[O.join()]);let H=b=>{e(R=>R.includes(b)?R.filter(D=>D!==b):[...R,b]),c([""])},F=Object.values(f).reduce((b,R)=>b+R,0);return m`
    <h1>Jobs</h1>
    <div class="counts" role="group" aria-label="Filter by state">
      ${Nt.map(b=>m`
          <button class=${`count s-${b.toLowerCase()}`} aria-pressed=${t.includes(b)}
            onClick=${()=>H(b)}>
            <span class="n" data-state=${b}>${f[b]??0}</span> ${b}
          </button>
        `)}
      <span class="muted total">${F} in all</span>
    </div>
    ${g?m`
        <form class="search" role="search" onSubmit=${b=>{b.preventDefault(),r(n.trim()),c([""])}}>
          <label for="q" class="sr">Search jobs by name or command</label>
          <input id="q" type="search" placeholder="Search by name or command" value=${n}
            onInput=${b=>o(b.target.value)} />
          <button type="submit">Search</button>
        </form>
      `:null}
    ${d?m`<p class="error" role="alert">${d}</p>`:null}
    <div class="table-wrap">
      <table class="jobs">
        <thead><tr>
          <th>Job</th><th>State</th><th class="wide">Command</th><th class="opt">Worker</th>
          <th class="opt">Attempt</th><th>Created</th>
        </tr></thead>
        <tbody>
          ${_.map(b=>m`
              <tr key=${b.jobId} data-job=${b.jobId}>
                <td><a href=${`#/jobs/${b.jobId}`} class="mono">${b.name||Y(b.jobId)}</a></td>
                <td>
                  <${ze} state=${b.state} />
                </td>
                <td class="wide mono cmd" title=${b.command}>${b.command}</td>
                <td class="opt">${b.workerId||"\u2014"}</td>
                <td class="opt">${b.attempt||"\u2014"}</td>
                <td title=${b.createdAt}>${ae(b.createdAt)}</td>
              </tr>
            `)}
        </tbody>
      </table>
      ${_.length===0?m`<p class="muted">No jobs${t.length?" in these states":""}.</p>`:null}
    </div>
    <nav class="pager" aria-label="Pages">
      <button disabled=${i.length===1} onClick=${()=>c(b=>b.slice(0,-1))}>
        ← Newer</button>
      <span class="muted">Page ${i.length}</span>
      <button disabled=${!s} onClick=${()=>c(b=>[...b,s])}>Older →</button>
    </nav>
  `}function _n(t){let e={command:t.command,env:t.env,cwd:t.cwd,timeoutSeconds:t.timeoutSeconds,maxRetries:t.maxRetries,priority:t.priority};for(let n of["name","queue","resources","selector","dependsOn"])t[n]!==void 0&&(e[n]=t[n]);return e}function A({label:t,children:e}){return m`
    <dt>${t}</dt>
    <dd>${e}</dd>
  `}function fn({job:t}){let e=t.dependsOn??[],[n,o]=x({});if(T(()=>{for(let c of e)N("GetJobStatus",{jobId:c}).then(_=>o($=>({...$,[c]:_}))).catch(()=>{})},[e.join()]),e.length===0)return null;let l=36,r=Math.max(e.length*l,l),i=r/2;return m`
    <section aria-label="Dependencies">
      <h2>Depends on</h2>
      <svg class="graph" viewBox=${`0 0 420 ${r}`} width="420" height=${r} role="img"
        aria-label=${`Depends on ${e.length} job(s)`}>
        ${e.map((c,_)=>{let $=_*l+l/2,s=n[c]?.state??"";return m`
            <a href=${`#/jobs/${c}`}>
              <rect x="2" y=${$-13} width="190" height="26" rx="4"
                class=${`node s-${s.toLowerCase()}`} />
              <text x="10" y=${$+4}>${n[c]?.name||Y(c)} ${s}</text>
            </a>
            <path d=${`M192 ${$} C 250 ${$}, 250 ${i}, 300 ${i}`} class="edge" />
          `})}
        <rect x="300" y=${i-13} width="116" height="26" rx="4"
          class=${`node s-${t.state.toLowerCase()}`} />
        <text x="308" y=${i+4}>this job</text>
      </svg>
    </section>
  `}function Ft({title:t,text:e,truncated:n,total:o,running:l}){return m`
    <section class="output" aria-label=${t}>
      <h2>${t} <span class="muted">${Qe(o)}${l?" \xB7 following live":""}</span></h2>
      ${n?m`<p class="note">Output capped: the manager kept the first part of the ${Qe(o)}
            written.</p>`:null}
      <pre tabIndex="0" data-stream=${t.toLowerCase()}>${e||" "}</pre>
    </section>
  `}function jt({jobId:t}){let[e,n]=x(),[o,l]=x({attempt:0,stdout:"",stderr:""}),[r,i]=x(""),[c,_]=x(""),[$,s]=x(!1);if(T(()=>{let d=new AbortController;return l({attempt:0,stdout:"",stderr:""}),i(""),s(!0),At(t,(y,g)=>{if(y==="error"){i(g.message);return}if(y!=="message")return;let w=g;if(w.status&&n(w.status),w.output){let S=Lt(w.output.data),k=w.output.stream==="STDERR"?"stderr":"stdout",C=w.output.attempt;l(O=>{let H=C>O.attempt?{attempt:C,stdout:"",stderr:""}:O;return{...H,[k]:H[k]+S}})}},d.signal).catch(y=>i(y.message)).finally(()=>s(!1)),()=>d.abort()},[t]),!e)return r?m`
        <h1>Job</h1>
        <p class="error" role="alert">${r}</p>
      `:m`<p class="muted">Loading…</p>`;let h=!we(e.state),f=async()=>{try{let d=await N("CancelJob",{jobId:t});_(`Cancel requested: ${d.state}`)}catch(d){i(d.message)}},a=async()=>{try{let d=await N("SubmitJob",_n(e));location.hash=`#/jobs/${d.jobId}`}catch(d){i(d.message)}};return m`
    <h1 class="job-title"><span class="mono">${e.name||e.jobId}</span>
      <${ze} state=${e.state} /></h1>
    <div class="actions">
      ${h?m`<button class="danger" onClick=${f}>Cancel job</button>`:null}
      <button onClick=${a}>Submit again</button>
      <a class="button" href=${`#/submit?from=${t}`}>Edit and submit…</a>
    </div>
    ${c?m`<p class="notice" role="status">${c}</p>`:null}
    ${r?m`<p class="error" role="alert">${r}</p>`:null}
    <div class="grid2">
      <section class="card" aria-label="Outcome">
        <h2>Outcome</h2>
        <dl>
          <${A} label="State">${e.state}${e.timedOut?" (timed out)":""}<//>
          ${e.pendingReason?m`<${A} label="Waiting because">${e.pendingReason}<//>`:null}
          <${A} label="Attempt">${e.attempt||"not scheduled yet"}${e.maxRetries?` of up to ${e.maxRetries+1}`:""}<//>
          <${A} label="Worker">${e.workerId||"\u2014"}<//>
          <${A} label="Exit">${e.exitCode!==void 0?`code ${e.exitCode}`:e.signal?e.signal:"\u2014"}<//>
          ${e.error?m`<${A} label="Error"><span class="error-text">${e.error}</span><//>`:null}
          <${A} label="Created">${K(e.createdAt)}<//>
          <${A} label="Started">${K(e.startedAt)}<//>
          <${A} label="Finished">${K(e.finishedAt)}<//>
          <${A} label="Ran for">${Ot(e.startedAt,e.finishedAt)}<//>
          ${e.notBefore?m`<${A} label="Retry after">${K(e.notBefore)}<//>`:null}
        </dl>
      </section>
      <section class="card" aria-label="Spec">
        <h2>Spec</h2>
        <dl>
          <${A} label="Job id"><span class="mono">${e.jobId}</span><//>
          <${A} label="Command"><code class="cmd-full">${e.command}</code><//>
          <${A} label="Working dir">${e.cwd||"the worker's work dir"}<//>
          <${A} label="Environment"><code>${U(e.env)||"\u2014"}</code><//>
          <${A} label="Timeout">${e.timeoutSeconds?`${e.timeoutSeconds} s`:"none"}<//>
          <${A} label="Retries">${e.maxRetries}<//>
          <${A} label="Priority">${e.priority}<//>
          ${e.idempotencyKey?m`<${A} label="Idempotency key">${e.idempotencyKey}<//>`:null}
          ${e.queue?m`<${A} label="Queue">${e.queue}<//>`:null}
          ${e.resources&&Object.keys(e.resources).length?m`<${A} label="Resources">${U(e.resources)}<//>`:null}
          ${e.selector&&Object.keys(e.selector).length?m`<${A} label="Selector">${U(e.selector)}<//>`:null}
        </dl>
      </section>
    </div>
    <${fn} job=${e} />
    <${Ft} title="Stdout" text=${o.stdout} truncated=${e.stdoutTruncated}
      total=${Math.max(e.stdoutBytes,o.stdout.length)} running=${$&&h} />
    <${Ft} title="Stderr" text=${o.stderr} truncated=${e.stderrTruncated}
      total=${Math.max(e.stderrBytes,o.stderr.length)} running=${$&&h} />
  `}function Ht({error:t,onToken:e}){let[n,o]=x("");return m`
    <main class="login" id="main">
      <h1>Titan</h1>
      <form class="card" onSubmit=${l=>{l.preventDefault(),n.trim()&&e(n.trim())}}>
        <label for="token">Client token</label>
        <p class="muted">The manager requires the client token (TITAN_TOKEN). It is kept in this
          tab only (sessionStorage) and sent as an Authorization header.</p>
        <input id="token" name="token" type="password" autocomplete="current-password" autofocus
          value=${n} onInput=${l=>o(l.target.value)} />
        ${t?m`<p class="error" role="alert">${t}</p>`:null}
        <button type="submit">Sign in</button>
      </form>
    </main>
  `}var pn=3e3;function mn({q:t}){let e=Object.entries(t).filter(([n,o])=>/^max|limit|concurrency|rate/i.test(n)&&typeof o=="number"&&o>0).map(([n,o])=>`${n} ${o}`);return m`${e.length?e.join(", "):"none"}`}function Wt(){let[t,e]=x(),[n,o]=x([]),[l,r]=x([]),[i,c]=x(""),[_,$]=x(""),s=t?.includes("ListQueues")??!1,h=t?.includes("ListSchedules")??!1,f=async()=>{try{s&&o((await N("ListQueues",{})).queues),h&&r((await N("ListSchedules",{})).schedules),c("")}catch(d){c(d.message)}};T(()=>{q().then(d=>e(d.methods)).catch(d=>c(d.message))},[]),T(()=>{if(!s&&!h)return;f();let d=setInterval(f,pn);return()=>clearInterval(d)},[s,h]);let a=async(d,y,g)=>{try{await N(d,y),$(g),f()}catch(w){c(w.message)}};return t&&!s&&!h?m`
      <h1>Queues & schedules</h1>
      <p class="muted">This manager serves neither queues nor schedules.</p>
    `:m`
    <h1>Queues & schedules</h1>
    ${i?m`<p class="error" role="alert">${i}</p>`:null}
    ${_?m`<p class="notice" role="status">${_}</p>`:null}
    ${s?m`
        <section aria-label="Queues">
          <h2>Queues</h2>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>Queue</th>
                  <th>State</th>
                  <th>Limits</th>
                  <th>Pending</th>
                  <th>Running</th>
                  <th></th>
                </tr>
              </thead>
              <tbody>${n.map(d=>m`
                  <tr key=${d.name} data-queue=${d.name}>
                    <td class="mono">${d.name}</td>
                    <td>${d.paused?"paused":"active"}</td>
                    <td>
                      <${mn} q=${d} />
                    </td>
                    <td>${d.pending??"\u2014"}</td>
                    <td>${d.running??"\u2014"}</td>
                    <td>${d.paused?t?.includes("ResumeQueue")&&m`<button onClick=${()=>a("ResumeQueue",{name:d.name},`${d.name} resumed`)}>Resume</button>`:t?.includes("PauseQueue")&&m`<button onClick=${()=>a("PauseQueue",{name:d.name},`${d.name} paused`)}>Pause</button>`}</td>
                  </tr>
                `)}
            </tbody>
            </table>
          </div>
        </section>
      `:null}
    ${h?m`
        <section aria-label="Schedules">
          <h2>Schedules</h2>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>Schedule</th>
                  <th>When</th>
                  <th>Command</th>
                  <th>Next fire</th>
                  <th>State</th>
                  <th></th>
                </tr>
              </thead>
              <tbody>${l.map(d=>m`
                  <tr key=${d.name} data-schedule=${d.name}>
                    <td class="mono">${d.name}</td>
                    <td class="mono">${d.cron??d.every??""}</td>
                    <td class="mono cmd">${d.spec?.command??d.command??""}</td>
                    <td>${K(d.nextFireAt??d.nextFire??"")}</td>
                    <td>${d.paused?"paused":"active"}</td>
                    <td>${t?.includes("TriggerSchedule")&&m`<button onClick=${()=>a("TriggerSchedule",{name:d.name},`${d.name} triggered`)}>Trigger now</button>`}</td>
                  </tr>
                `)}
            </tbody>
            </table>
          </div>
        </section>
      `:null}
  `}var Bt={name:"",command:"",env:"",cwd:"",timeoutSeconds:"0",maxRetries:"0",priority:"0",idempotencyKey:"",queue:"",resources:"",selector:""};function j({id:t,label:e,hint:n,children:o}){return m`
    <div class="field">
      <label for=${t}>${e}</label>
      ${o}
      ${n?m`<small class="muted" id=${`${t}-hint`}>${n}</small>`:null}
    </div>
  `}function qt({from:t}){let[e,n]=x(Bt),[o,l]=x([]),[r,i]=x(""),[c,_]=x(!1);T(()=>{q().then(f=>l(f.fields.JobSpec)).catch(()=>l([]))},[]),T(()=>{t&&N("GetJobStatus",{jobId:t}).then(f=>n({...Bt,name:f.name??"",command:f.command,env:U(f.env),cwd:f.cwd,timeoutSeconds:String(f.timeoutSeconds),maxRetries:String(f.maxRetries),priority:String(f.priority),queue:f.queue??"",resources:U(f.resources),selector:U(f.selector)})).catch(f=>i(f.message))},[t]);let $=f=>a=>n({...e,[f]:a.target.value}),s=f=>o.includes(f);return m`
    <h1>Submit a job</h1>
    <form class="card submit" onSubmit=${async f=>{f.preventDefault(),i("");let a;try{if(a={command:e.command,env:Se(e.env,"Environment"),cwd:e.cwd,timeoutSeconds:Number(e.timeoutSeconds||0),maxRetries:Number(e.maxRetries||0),priority:Number(e.priority||0),idempotencyKey:e.idempotencyKey},s("name")&&e.name&&(a.name=e.name),s("queue")&&e.queue&&(a.queue=e.queue),s("selector")&&e.selector&&(a.selector=Se(e.selector,"Selector")),s("resources")&&e.resources){let d=Se(e.resources,"Resources");a.resources=Object.fromEntries(Object.entries(d).map(([y,g])=>[y,Number(g)]))}}catch(d){i(d.message);return}_(!0);try{let d=await N("SubmitJob",a);location.hash=`#/jobs/${d.jobId}`}catch(d){i(d.message)}finally{_(!1)}}} aria-describedby="submit-error">
      ${s("name")?m`<${j} id="f-name" label="Name">
        <input id="f-name" value=${e.name} onInput=${$("name")} /><//>`:null}
      <${j} id="f-command" label="Command" hint="Run by the worker (with sh -c when it uses shell syntax).">
        <textarea id="f-command" required rows="3" class="mono" value=${e.command}
          onInput=${$("command")}></textarea><//>
      <${j} id="f-env" label="Environment" hint="One NAME=value per line.">
        <textarea id="f-env" rows="2" class="mono" value=${e.env} onInput=${$("env")}></textarea><//>
      <${j} id="f-cwd" label="Working directory" hint="Absolute; empty = the worker's work dir.">
        <input id="f-cwd" class="mono" value=${e.cwd} onInput=${$("cwd")} /><//>
      <div class="row3">
        <${j} id="f-timeout" label="Timeout (s)">
          <input id="f-timeout" type="number" min="0" value=${e.timeoutSeconds}
            onInput=${$("timeoutSeconds")} /><//>
        <${j} id="f-retries" label="Retries">
          <input id="f-retries" type="number" min="0" value=${e.maxRetries}
            onInput=${$("maxRetries")} /><//>
        <${j} id="f-priority" label="Priority">
          <input id="f-priority" type="number" value=${e.priority} onInput=${$("priority")} /><//>
      </div>
      <${j} id="f-key" label="Idempotency key" hint="A second submit with the same key returns the first job.">
        <input id="f-key" value=${e.idempotencyKey} onInput=${$("idempotencyKey")} /><//>
      ${s("queue")?m`<${j} id="f-queue" label="Queue">
        <input id="f-queue" value=${e.queue} onInput=${$("queue")} /><//>`:null}
      ${s("resources")?m`
          <${j} id="f-resources" label="Resources" hint="One name=amount per line, e.g. cpu=2.">
            <textarea id="f-resources" rows="2" class="mono" value=${e.resources}
              onInput=${$("resources")}></textarea>
            <//>
        `:null}
      ${s("selector")?m`
          <${j} id="f-selector" label="Worker selector" hint="One label=value per line.">
            <textarea id="f-selector" rows="2" class="mono" value=${e.selector}
              onInput=${$("selector")}></textarea>
            <//>
        `:null}
      <p id="submit-error" class="error" role="alert">${r}</p>
      <button type="submit" disabled=${c}>Submit</button>
    </form>
  `}var hn=2e3;function Ut({used:t,total:e,label:n}){let o=e>0?Math.min(100,Math.round(t/e*100)):0;return m`
    <div class="meter" role="meter" aria-label=${n} aria-valuemin="0" aria-valuemax=${e}
      aria-valuenow=${t}>
      <span class="bar" style=${`width:${o}%`}></span>
      <span class="meter-text">${t} of ${e} ${n}</span>
    </div>
  `}function Jt(){let[t,e]=x([]),[n,o]=x({}),[l,r]=x(""),[i,c]=x(""),_=async()=>{try{let{workers:s}=await N("ListWorkers",{});e(s);let{jobs:h}=await N("ListJobs",{states:["SCHEDULED","RUNNING"],pageSize:1e3}),f={};for(let a of h)(f[a.workerId]??=[]).push(a);o(f),r("")}catch(s){r(s.message)}};T(()=>{_();let s=setInterval(_,hn);return()=>clearInterval(s)},[]);let $=async s=>{try{let h=await N("DrainWorker",{workerId:s});c(`${s}: ${h.state}`),_()}catch(h){r(h.message)}};return m`
    <h1>Workers</h1>
    ${l?m`<p class="error" role="alert">${l}</p>`:null}
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
            <${Ut} used=${s.running} total=${s.slots} label="slots" />
            ${Object.entries(s.resources??{}).map(([h,f])=>m`
                <${Ut} used=${s.resourcesUsed?.[h]??0} total=${f} label=${h} />
              `)}
            <dl>
              <dt>Last contact</dt><dd title=${s.lastHeartbeat}>${ae(s.lastHeartbeat)}</dd>
              <dt>Connected</dt><dd title=${s.connectedAt}>${ae(s.connectedAt)}</dd>
              ${s.isolation?m`
                  <dt>Isolation</dt>
                  <dd>${s.isolation}</dd>
                `:null}
              <dt>Address</dt><dd class="mono">${s.address||"\u2014"}</dd>
              <dt>Version</dt><dd>${s.version||"\u2014"}</dd>
              <dt>Completed</dt><dd>${s.completed}</dd>
              <dt>Labels</dt><dd>${Object.keys(s.labels).length?Object.entries(s.labels).map(([h,f])=>m`
                    <span class="tag">${h}=${f}</span>
                  `):"\u2014"}</dd>
            </dl>
            <details>
              <summary>${(n[s.workerId]??[]).length} running attempt(s)</summary>
              <ul class="attempts">
                ${(n[s.workerId]??[]).map(h=>m`
                    <li><a href=${`#/jobs/${h.jobId}`} class="mono">${h.name||Y(h.jobId)}</a>
                      #${h.attempt} <span class="muted cmd">${h.command}</span></li>
                  `)}
              </ul>
            </details>
            ${s.state==="HEALTHY"?m`<button class="danger" onClick=${()=>$(s.workerId)}>Drain ${s.workerId}</button>`:null}
          </article>
        `)}
    </div>
  `}function $n(){let[t,e]=x(location.hash||"#/jobs");return T(()=>{let n=()=>e(location.hash||"#/jobs");return addEventListener("hashchange",n),()=>removeEventListener("hashchange",n)},[]),t}var bn=[["#/jobs","Jobs"],["#/submit","Submit"],["#/workers","Workers"],["#/queues","Queues & schedules"],["#/charts","Charts"]];function gn({onLogout:t}){let e=$n(),[n,o]=x([]);T(()=>{q().then(s=>o(s.methods)).catch(()=>{})},[]);let l=bn.filter(([s])=>s!=="#/queues"||n.includes("ListQueues")||n.includes("ListSchedules")),[r,i=""]=e.slice(1).split("?"),c=r.split("/").filter(Boolean),_;c[0]==="jobs"&&c[1]?_=m`<${jt} jobId=${c[1]} />`:c[0]==="submit"?_=m`<${qt} from=${new URLSearchParams(i).get("from")??""} />`:c[0]==="workers"?_=m`<${Jt} />`:c[0]==="queues"?_=m`<${Wt} />`:c[0]==="charts"?_=m`<${Mt} />`:_=m`<${Dt} />`;let $="#/"+(c[0]??"jobs");return m`
    <a class="skip" href="#main" onClick=${s=>{s.preventDefault(),document.getElementById("main")?.focus()}}>Skip to content</a>
    <header class="top">
      <a class="brand" href="#/jobs">Titan</a>
      <nav aria-label="Sections">
        ${l.map(([s,h])=>m`
            <a href=${s} aria-current=${$===s?"page":void 0}>${h}</a>
          `)}
      </nav>
      ${ge()?m`<button class="link" onClick=${t}>Sign out</button>`:null}
    </header>
    <main id="main" tabIndex="-1">${_}</main>
  `}function vn(){let[t,e]=x("checking"),[n,o]=x(""),l=async()=>{try{await N("ListWorkers",{}),e("in"),o("")}catch(r){r instanceof re&&r.code==="UNAUTHENTICATED"?(ge()&&o(`The manager refused this token: ${r.message}`),ve(""),e("login")):(o(String(r.message)),e("login"))}};return T(()=>{l()},[]),t==="checking"?m`<p class="muted center">Connecting…</p>`:t==="login"?m`<${Ht} error=${n} onToken=${r=>{ve(r),e("checking"),l()}} />`:m`<${gn} onLogout=${()=>{ve(""),e("login")}} />`}ct(m`<${vn} />`,document.getElementById("app"));
