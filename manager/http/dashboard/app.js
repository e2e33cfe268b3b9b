var A,nt,Xt,B,Ae,pe,ot,de,rt,Pe,Me,Zt,re=Symbol.for("pv"),me={},he=[],en=/^m(i|n|o|s|text|space)$/,Te=Array.isArray,Ne=he.slice,z=Object.assign;function Q(t){t&&t.parentNode&&t.remove()}function st(t,e,n){var o,i,r,c={},l=arguments.length;for(r in e)r=="key"?o=e[r]:r=="ref"&&typeof t!="function"?i=e[r]:c[r]=e[r];return l>2&&(c.children=l>3?Ne.call(arguments,2):n),oe(t,c,o,i,null)}function oe(t,e,n,o,i){var r={type:t,props:e,key:n,ref:o,__k:null,__:null,__b:0,__e:null,__c:null,constructor:re,__v:i||++nt,__i:-1,__u:0};return!i&&A.vnode&&A.vnode(r),r}function $e(t){return t.children}function _e(t,e){this.props=t,this.context=e,this.__g=0}function U(t,e){if(e==null)return t.__&&U(t.__,t.__i+1);for(var n;e<t.__k.length;e++)if((n=t.__k[e])&&n.__e)return n.__e;return typeof t.type!="function"||t.props.__P?null:U(t)}function tn(t){var e,n=t.__v,o=n.__e,i=[],r=[],c=t.__P;c&&((e=z({constructor:re},n)).__v=n.__v+1,A.vnode&&A.vnode(e),Le(c,e,n,t.__n,c.namespaceURI,32&n.__u?[o]:null,i,o||U(n),32&n.__u,r),e.__v=n.__v,e.__.__k[e.__i]=e,dt(i,e,r),n.__=n.__e=null,e.__e!=o&&at(e))}function at(t){if((t=t.__)&&t.__c&&!t.props.__P)return t.__e=null,t.__k.some(function(e){return e&&(t.__e=e.__e)}),at(t)}function et(t){(8&t.__g||(t.__g|=8,B.push(t),pe++))&&Ae==A.debounceRendering||((Ae=A.debounceRendering)||queueMicrotask)(it)}function it(){try{for(var t,e=1;B.length;)B.length>e&&B.sort(ot),t=B.shift(),e=B.length,8&t.__g&&tn(t)}finally{(pe=B.length)&&(Ae||queueMicrotask)(it)}}function ct(t,e,n,o,i,r,c,l,_,h,a){var m,u,s,b,v,$,S=o.__k||he,w=e.length;for(_=nn(n,e,S,_,w),m=0;m<w;m++)(s=n.__k[m])!=null&&(u=~s.__i&&S[s.__i]||me,s.__i=m,$=Le(t,s,u,i,r,c,l,_,h,a),b=s.__e,(u.ref!=s.ref||8&u.__u)&&(u.ref&&Oe(u.ref,null,s,u),s.ref&&a.push(s.ref,s.__c||b,s)),v=v||b,4&s.__u?(_=lt(s,_,t,!u.__v),u.__e&&(u.__e=null)):typeof s.type=="function"&&$!==void 0?_=$:b&&(_=b.nextSibling),s.__u&=-21);return n.__e=v,_}function nn(t,e,n,o,i){var r,c,l,_,h,a,m,u,s,b=n.length,v=b,$=0,S=0,w=t.__k=Array(i);for(r=0;r<i;r++)(c=e[r])!=null&&typeof c!="boolean"&&typeof c!="function"?(typeof c!="object"||c.constructor===String?c=w[r]=oe(null,c):Te(c)?c=w[r]=oe($e,{children:c}):c.constructor===re&&c.__b?c=w[r]=oe(c.type,c.props,c.key,c.ref,c.__v):w[r]=c,_=r+$,c.__=t,c.__b=t.__b+1,l=null,~(h=c.__i=on(c,n,_,v))&&(v--,(l=n[h])&&(l.__u|=2)),l&&l.__v?(c.__u|=16,h==_-1?$--:h==_+1?$++:h!=_&&(h>_?$--:$++,S=1)):(~h||(i>b?$--:i<b&&$++),typeof c.type!="function"&&(c.__u|=4))):w[r]=null;if(S){for(a=[],m=[],r=0;r<i;r++)if((c=w[r])&&16&c.__u){for($=0,u=a.length;$<u;)a[s=$+u>>1]<c.__i?$=s+1:u=s;a[$]=c.__i,m[r]=$+1}for($=a.length;r--;)m[r]&&(m[r]==$?$--:w[r].__u|=4)}if(v)for(r=0;r<b;r++)!(l=n[r])||2&l.__u||(l.__e==o&&(o=U(l)),Re(l,l));return o}function lt(t,e,n,o){var i,r,c,l;if(typeof t.type=="function"){if(t.props.__P)return e;if(i=t.__k)for(r=0;r<i.length;r++)i[r]&&(i[r].__=t,e=lt(i[r],e,n,!1));return e}for(e&&!e.parentNode&&(e=U(t))&&!e.parentNode&&(e=null),c=t.__e,l=e;l&&l.nodeType==8;)l=l.nextSibling;for(c!=l&&(!o&&n.moveBefore&&c.parentNode?n.moveBefore(c,e):n.insertBefore(c,e||null)),e=c;(e=e&&e.nextSibling)&&e.nodeType==8&&!e.data.startsWith("$s"););return e}function on(t,e,n,o){var i,r=t.key,c=t.type,l=e[n],_=l&&!(2&l.__u);if(l===null&&r==null||_&&r==l.key&&c==l.type)return n;if(o>(_?1:0)){for(i=n-1;i>=0;i--)if((l=e[i])&&!(2&l.__u)&&r==l.key&&c==l.type)return i;for(i=n+1;i<e.length;i++)if((l=e[i])&&!(2&l.__u)&&r==l.key&&c==l.type)return i}return-1}function tt(t,e,n){n==null&&(n=""),e[0]=="-"?t.setProperty(e,n):t[e]=n}function ue(t,e,n,o,i){var r,c;if(e=="style")if(typeof n=="string")t.style.cssText=n;else{if(typeof o=="string"&&(t.style.cssText=o=""),o)for(e in o)n&&e in n||tt(t.style,e);if(n)for(e in n)o&&n[e]==o[e]||tt(t.style,e,n[e])}else if(e[0]=="o"&&e[1]=="n")typeof n!="function"&&(n=null),typeof o!="function"&&(o=null),(t.__e||(t.__e={}))[e]=n,n&&o||(c=Me[e]||(Me[e]=rn(e)),(t.__a||(t.__a={}))[e]=Pe,r=e!=(e=e.replace(rt,"$1")),(e=e.slice(2))[0]<"a"&&(e=e.toLowerCase()),n?t.addEventListener(e,c,r):t.removeEventListener(e,c,r));else{if(i=="http://www.w3.org/2000/svg")e=e.replace(/xlink(H|:h)/,"h").replace(/sName$/,"s");else if(e!="width"&&e!="height"&&e!="href"&&e!="list"&&e!="form"&&e!="tabIndex"&&e!="download"&&e!="rowSpan"&&e!="colSpan"&&e!="role"&&e!="popover"&&e in t)try{return void(t[e]=n??"")}catch{}if(typeof n=="function")return;n==null||n===!1&&e[4]!="-"?t.removeAttribute(e):t.setAttribute(e,e=="popover"&&n==1?"":n)}}function rn(t){return function(e){var n=this.__e;if(n){if(n=n[t],e[de]==null)e[de]=Pe++;else if(e[de]<this.__a[t])return;return n(A.event?A.event(e):e)}}}function Le(t,e,n,o,i,r,c,l,_,h){var a,m,u,s,b,v,$,S,w,C,E,D,g,k,T,J,H,d,f=e.type;if(e.constructor!==re)return null;128&n.__u&&(_=32&n.__u,a=n.__c.__z)&&(e.__u|=_,m=r=[],a.nodeType==8?l=fe(a,r):r.push(a),l=r[0]||l),(a=A.__b)&&a(e);e:if(typeof f=="function"){u=c.length;try{if(S=e.props,w=(a=f.prototype)&&a.render,C=(a=f.contextType)&&o[a.__c],E=a?C?C.props.value:a.__:o,(s=n.__c)?(e.__c=s,2&s.__g&&(s.__g|=1)):(w?e.__c=s=new f(S,E):(e.__c=s=new _e(S,E),s.constructor=f,s.render=an),C&&C.sub(s),s.state||(s.state={}),s.__n=o,s.__g|=8,s.__h=[],s.__k=[]),w&&(s.__s||(s.__s=s.state),f.getDerivedStateFromProps&&(s.__s==s.state&&(s.__s=z({},s.__s)),z(s.__s,f.getDerivedStateFromProps(S,s.__s)))),b=s.props,v=s.state,s.__v=e,n.__c){if(S!==b&&w&&!f.getDerivedStateFromProps&&s.componentWillReceiveProps&&s.componentWillReceiveProps(S,E),e.__v==n.__v&&!(8&s.__g)||!(4&s.__g)&&s.shouldComponentUpdate&&s.shouldComponentUpdate(S,s.__s,E)===!1){e.__v!=n.__v&&(s.props=S,s.state=s.__s,s.__g&=-9),e.__e=n.__e,e.__k=n.__k,e.__k.some(function(x){x&&(x.__=e)}),he.push.apply(s.__h,s.__k),s.__k=[],s.__h.length&&c.push(s),l=U(n);break e}s.componentWillUpdate&&s.componentWillUpdate(S,s.__s,E),w&&s.componentDidUpdate&&s.__h.push(function(){s.componentDidUpdate(b,v,$)})}else w&&!f.getDerivedStateFromProps&&s.componentWillMount&&s.componentWillMount(),w&&s.componentDidMount&&s.__h.push(s.componentDidMount);s.context=E,s.props=S,s.__P=t,s.__g&=-5,D=A.__r,g=w?25:0;do s.__g&=-9,D&&D(e),a=s.render(s.props,s.state=s.__s,s.context);while(8&s.__g&&++g<25);w&&(he.push.apply(s.__h,s.__k),s.__k=[]),s.state=s.__s,s.getChildContext&&(o=z({},o,s.getChildContext())),w&&n.__c&&s.getSnapshotBeforeUpdate&&($=s.getSnapshotBeforeUpdate(b,v)),k=a&&a.type===$e&&a.key==null?a.props.children:a,S.__P&&(a=l,i=(t=S.__P).namespaceURI,_=r=null,n.props&&n.props.__P!=t&&(n.__k.some(function(x){x&&Re(x,x)}),n.__k=null),l=n.__k?U(n,0):null),l=ct(t,Te(k)?k:[k],e,n,o,i,r,c,l,_,h),S.__P&&(e.__e=null,l=a),e.__u&=-161,m&&m.some(Q),s.__h.length&&c.push(s),1&s.__g&&(s.__g&=-4)}catch(x){if(c.length=u,e.__v=null,_||r)if(x&&x.then){if(e.__u|=128|_,r){for(~(H=r.indexOf(l||void 0))||(H=r.length);(d=r[H-1])&&d.nodeType==8;)H--;for(;H<r.length;H++)if(d=r[H])if(r[H]=null,T){if(d==J)break}else{if(d.nodeType!=8)break;d.data.startsWith("$s")&&(J=fe(T=d))}}if(!T){for(;l&&l.nodeType==8&&l.nextSibling;)l=l.nextSibling;T=l}(a=fe(T=e.__c.__z||(e.__c.__z=T)))?(e.__e=T,l=a):e.__e=l,l=l&&l.nextSibling}else r&&r.some(Q);else e.__e=n.__e;e.__k||(e.__k=n.__k||[]),x&&x.then||ut(e),A.__e(x,e,n)}}else l=e.__e=sn(n.__e,e,n,o,i,r,c,_,h,t);return(a=A.diffed)&&a(e),l}function fe(t,e){if(t&&t.nodeType==8&&t.data.startsWith("$s"))for(var n=1;t=t.nextSibling;){if(t.nodeType==8){if(t.data.startsWith("$s"))n++;else if(t.data.startsWith("/$s")&&!--n)return t}e&&e.push(t)}}function ut(t){t&&(t.__c&&(t.__c.__g|=4),t.__k&&t.__k.some(ut))}function dt(t,e,n){for(var o=0;o<n.length;)Oe(n[o++],n[o++],n[o++]);A.__c&&A.__c(e,t),t.some(function(i){try{t=i.__h,i.__h=[],t.some(function(r){r.call(i)})}catch(r){A.__e(r,i.__v)}})}function sn(t,e,n,o,i,r,c,l,_,h){var a,m,u,s,b,v,$,S,w=n.props||me,C=e.props,E=e.type;if(E=="svg"?i="http://www.w3.org/2000/svg":E=="math"?i="http://www.w3.org/1998/Math/MathML":i||(i="http://www.w3.org/1999/xhtml"),r){for(a=0;a<r.length;a++)if((b=r[a])&&(E?b.localName==E:b.nodeType==3)){t=b,r[a]=null;break}}if(!t){if(S=h.ownerDocument||document,!E)return S.createTextNode(C);t=S.createElementNS(i,E,C.is?C:h),l&&(A.__m&&A.__m(e,r),l=!1),r=null}if(E){if(h=E=="template"&&t.content||t,r=E=="textarea"&&C.defaultValue!=null?null:r&&Ne.call(h.childNodes),!l&&r)for(w={},a=0;a<t.attributes.length;a++)w[(b=t.attributes[a]).name]=b.value;for(a in w)b=w[a],a=="dangerouslySetInnerHTML"?u=b:a=="children"||a in C||a=="value"&&"defaultValue"in C||a=="checked"&&"defaultChecked"in C||ue(t,a,null,b,i);for(a in C)b=C[a],a=="children"?s=b:a=="dangerouslySetInnerHTML"?m=b:a=="value"?v=b:a=="checked"?$=b:l&&typeof b!="function"||w[a]===b||ue(t,a,b,w[a],i);m?(l||u&&(m.__html==u.__html||m.__html==t.innerHTML)||(t.innerHTML=m.__html),e.__k=[]):(u&&(t.textContent=""),(E=="foreignObject"||i=="http://www.w3.org/1998/Math/MathML"&&en.test(E))&&(i="http://www.w3.org/1999/xhtml"),ct(h,Te(s)?s:[s],e,n,o,i,r,c,r?r[0]:n.__k&&U(n,0),l,_),r&&r.some(Q)),l&&E!="textarea"||(a="value",E=="progress"&&v==null?t.removeAttribute(a):v==null||v===t[a]&&(E!="progress"||v)||ue(t,a,v,w[a],i),a="checked",$!=null&&$!=t[a]&&ue(t,a,$,w[a],i))}else w===C||l&&t.data==C||(t.data=C);return t}function Oe(t,e,n,o){try{typeof t=="function"?e?e.__x=t(e)||1:o&&(o=o.__c||o.__e)&&(e=o.__x)&&(o.__x=null,typeof e=="function"?e():t(null)):t.current=e}catch(i){A.__e(i,n)}}function Re(t,e,n){var o,i,r,c;if(A.unmount&&A.unmount(t),!(o=t.ref)||o.current&&o.current!=t.__e||Oe(o,null,e,t),o=t.__c){if(o.componentWillUnmount)try{o.componentWillUnmount()}catch(l){A.__e(l,e)}o.__P=o.__n=null}if(o=t.__k)for(c=0;c<o.length;c++)o[c]&&Re(o[c],e,typeof t.type!="function"||n&&!t.props.__P);!n&&(o=t.__c)&&(o=o.__z)&&(i=fe(o,r=[]))&&(o==t.__e&&r.some(Q),Q(i),Q(o)),n||Q(t.__e),t.__e=t.__c=t.__=null}function an(t,e,n){return this.constructor(t,n)}function _t(t,e){var n,o,i,r;A.__&&A.__(t,e),e.nodeType==9&&(e=e.documentElement),o=(n=t&&32&t.__u)?null:e.__k,e.__k=oe($e,{children:[t]}),i=[],r=[],Le(e,e.__k,o||me,me,e.namespaceURI,o?null:e.firstChild?Ne.call(e.childNodes):null,i,o?o.__e:e.firstChild,n,r),dt(i,e.__k,r),e.__k.props.children=null}A={__e:function(t,e,n,o){for(var i,r,c;e=e.__;)if((i=e.__c)&&!(1&i.__g)){i.__g|=4;try{if((c=(r=i.constructor)&&r.getDerivedStateFromError)&&i.setState(r.getDerivedStateFromError(t)),i.componentDidCatch&&(i.componentDidCatch(t,o||{}),c=1),c&&8&i.__g)return void(i.__g|=2)}catch(l){t=l}}throw pe=0,t}},nt=0,Xt=function(t){return t!=null&&t.constructor===re},_e.prototype.setState=function(t,e){var n=this.__s;n&&n!=this.state||(n=this.__s=z({},this.state)),typeof t=="function"&&(t=t(z({},n),this.props)),t&&(z(n,t),this.__v&&(e&&this.__k.push(e),et(this)))},_e.prototype.forceUpdate=function(t){this.__v&&(this.__g|=4,t&&this.__h.push(t),et(this))},_e.prototype.render=$e,B=[],pe=0,ot=function(t,e){return t.__v.__b-e.__v.__b},de=Symbol(),rt=/(PointerCapture)$|Capture$/i,Pe=0,Me={},Zt=0;var ae,R,De,ft,Fe=Object.is,be=0,xt=[],He=[],L=A,pt=L.__b,mt=L.__r,ht=L.diffed,$t=L.__c,bt=L.unmount,gt=L.__;function Ue(t,e){L.__h&&L.__h(R,t,be||e),be=0;var n=R.__H||(R.__H={__:[],__h:[]});return t>=n.__.length&&n.__.push({}),n.__[t]}function y(t){return be=1,cn(St,t)}function cn(t,e,n){var o=Ue(ae++,2);if(o.t=t,!o.__c&&(o.__=[n?n(e):St(void 0,e),function(r){var c=(o.__N||o.__)[0],l=o.t(c,r);Fe(c,l)||(o.__N=[l,o.__[1]],o.__c.setState({}))}],o.__c=R,!R.__f)){R.__f=!0;var i=R.shouldComponentUpdate;R.shouldComponentUpdate=function(r,c,l){var _=this.__H;if(!_)return!0;var h=!1,a=this.props!=r;if(_.__.some(function(u){u.__N&&(h=!0,Fe(u.__[0],u.__N[0])||(a=!0))}),i){var m=i.call(this,r,c,l);return h?m||a:m}return!h||a}}return o.__}function P(t,e){var n=Ue(ae++,3);!L.__s&&wt(n.__H,e)&&(n.__P=!0,n.__=t,n.u=e,R.__H.__h.push(n))}function ie(t){return be=5,ln(function(){return{current:t}},[])}function ln(t,e){var n=Ue(ae++,7);return wt(n.__H,e)&&(n.__=t(),n.__H=e),n.__}function un(){var t;do{for(;t=He.shift();)try{se(t)}catch(n){L.__e(n,{__:(t=t.__P)&&t.__v})}for(;t=xt.shift();){var e=t.__H;if(t.__P&&e)try{e.__h.some(se),e.__h.some(Be),e.__h=[]}catch(n){e.__h=[],L.__e(n,t.__v)}}}while(He.length)}L.__b=function(t){R=null,pt&&pt(t)},L.__=function(t,e){t&&e.__k&&e.__k.__m&&(t.__m=e.__k.__m),gt&&gt(t,e)},L.__r=function(t){mt&&mt(t),ae=0;var e=(R=t.__c).__H;e&&(De==R?R.__h=[]:(e.__h.some(se),e.__h.some(Be),ae=0),e.__h=[],e.__.some(function(n){n.__N&&(n.__=n.__N),n.u=n.__N=void 0})),De=R},L.diffed=function(t){ht&&ht(t);var e=t.__c;e&&e.__H&&(e.__H.__h.length&&yt(xt.push(e)),e.__H.__.some(function(n){n.u&&(n.__H=n.u)})),De=R=null},L.__c=function(t,e){e.some(function(n){try{n.__h.some(se),n.__h=n.__h.filter(function(o){return!o.__||Be(o)})}catch(o){n.__h=[function(){throw o}]}}),$t&&$t(t,e)},L.unmount=function(t){bt&&bt(t);var e,n,o=t.__c;o&&o.__H&&(o.__H.__.some(function(i){try{if(i.__P&&i.__c){if(n===void 0){for(n=t.__;n&&(!n.__c||!n.__c.__P);)n=n.__;n=n&&n.__c}i.__P=n,yt(He.push(i))}else se(i)}catch(r){e=r}}),o.__H=void 0,e&&L.__e(e,o.__v))};var vt=typeof requestAnimationFrame=="function";function dn(t){var e,n=function(){clearTimeout(o),vt&&cancelAnimationFrame(e),setTimeout(t)},o=setTimeout(n,35);vt&&(e=requestAnimationFrame(n))}function yt(t){t!=1&&ft==L.requestAnimationFrame||((ft=L.requestAnimationFrame)||dn)(un)}function se(t){var e=R,n=t.__c;typeof n=="function"&&(t.__c=void 0,n()),R=e}function Be(t){var e=R;t.__c=t.__(),R=e}function wt(t,e){return!t||t.length!=e.length||e.some(function(n,o){return!Fe(n,t[o])})}function St(t,e){return typeof e=="function"?e(t):e}var ee=class extends Error{constructor(e,n){super(e),this.name="ParseError",this.type=n.type,this.field=n.field,this.value=n.value,this.line=n.line}};var ge=10,ve=13,K=32,Ct=6;function We(t){if(typeof t=="function")throw new TypeError("`config` must be an object, got a function instead. Did you mean `createParser({onEvent: fn})`?");let{maxBufferSize:e,onComment:n,onError:o,onEvent:i,onId:r,onRetry:c}=t,l=[],_=0,h="",a,m="",u=0,s,b=!1,v=!1,$=!1;function S(d){if(b)throw new Error("Cannot feed parser: it was terminated after exceeding the configured max buffer size. Call `reset()` to resume parsing.");if(h!==void 0){if(d=h+d,d===""||d==="\xEF"||d==="\xEF\xBB"){h=d;return}h=void 0,d=d.replace(/^(?:\uFEFF|\xEF\xBB\xBF)/,"")}if((v||$)&&(d=w(d),!d))return;if(!l.length){let x=g(d);x!==""&&C(x),D();return}if(d.indexOf(`
`)===-1&&d.indexOf("\r")===-1){if(_<Ct){let x=l.join("")+d.slice(0,Ct-_);if(!E(x)){l.length=0,_=0,v=!0;return}}l.push(d),_+=d.length,D();return}l.push(d);let f=l.join("");l.length=0,_=0,C(g(f)),D()}function w(d){if(d.length===0)return d;if($)return $=!1,d.charCodeAt(0)===ge?d.slice(1):d;let f=d.indexOf("\r"),x=d.indexOf(`
`),N=f===-1?x:x===-1||f<x?f:x;return N===-1?"":N===d.length-1&&d.charCodeAt(N)===ve?(v=!1,$=!0,""):(v=!1,d.slice(N+(d.charCodeAt(N)===ve&&d.charCodeAt(N+1)===ge?2:1)))}function C(d){if(d){if(d.charCodeAt(d.length-1)===ve){if(k(d,0,d.length-1),D())return;$=!0;return}if(E(d)){l.push(d),_=d.length;return}v=!0}}function E(d){let f=d.charCodeAt(0);return f===58&&!!n||f===100&&ye(d,"data")||f===101&&ye(d,"event")||f===105&&ye(d,"id")||f===114&&ye(d,"retry")}function D(){return b?!0:e===void 0||_+m.length<=e?!1:(b=!0,l.length=0,_=0,a=void 0,m="",u=0,s=void 0,v=!1,$=!1,o?.(new ee(`Buffered data exceeded max buffer size of ${e} characters`,{type:"max-buffer-size-exceeded"})),!0)}function g(d){let f=0;if(d.indexOf("\r")===-1){let I=d.indexOf(`
`,f);for(;I!==-1;){if(f===I){a!==void 0&&r?.(a),u>0&&i?.({id:a,event:s,data:m}),a=void 0,m="",u=0,s=void 0,f=I+1,I=d.indexOf(`
`,f);continue}let V=d.charCodeAt(f);if(Et(d,f,V)){let ke=d.charCodeAt(f+5)===K?f+6:f+5,ne=d.slice(ke,I);if(u===0&&d.charCodeAt(I+1)===ge){a!==void 0&&r?.(a),i?.({id:a,event:s,data:ne}),a=void 0,m="",s=void 0,f=I+2,I=d.indexOf(`
`,f);continue}m=u===0?ne:`${m}
${ne}`,u++}else It(d,f,V)?s=d.slice(d.charCodeAt(f+6)===K?f+7:f+6,I)||void 0:k(d,f,I);if(D())return"";f=I+1,I=d.indexOf(`
`,f)}return d.slice(f)}let x=d.indexOf("\r",f),N=d.indexOf(`
`,f);for(;f<d.length;){let I=-1;if(x!==-1&&N!==-1?I=x<N?x:N:x!==-1?x===d.length-1?I=-1:I=x:N!==-1&&(I=N),I===-1)break;if(k(d,f,I),D())return"";f=I+1,d.charCodeAt(f-1)===ve&&d.charCodeAt(f)===ge&&f++,x!==-1&&x<f&&(x=d.indexOf("\r",f)),N!==-1&&N<f&&(N=d.indexOf(`
`,f))}return d.slice(f)}function k(d,f,x){if(f===x){J();return}let N=d.charCodeAt(f);if(Et(d,f,N)){let Z=d.charCodeAt(f+5)===K?f+6:f+5,Ze=d.slice(Z,x);m=u===0?Ze:`${m}
${Ze}`,u++;return}if(It(d,f,N)){s=d.slice(d.charCodeAt(f+6)===K?f+7:f+6,x)||void 0;return}if(N===105&&d.charCodeAt(f+1)===100&&d.charCodeAt(f+2)===58){let Z=d.slice(d.charCodeAt(f+3)===K?f+4:f+3,x);Z.includes("\0")||(a=Z);return}if(N===58){if(n){let Z=d.slice(f,x);n(Z.slice(d.charCodeAt(f+1)===K?2:1))}return}let I=d.slice(f,x),V=I.indexOf(":");if(V===-1){T(I,"",I);return}let ke=I.slice(0,V),ne=I.charCodeAt(V+1)===K?2:1,Gt=I.slice(V+ne);T(ke,Gt,I)}function T(d,f,x){switch(d){case"event":s=f||void 0;break;case"data":m=u===0?f:`${m}
${f}`,u++;break;case"id":f.includes("\0")||(a=f);break;case"retry":/^\d+$/.test(f)?c?.(parseInt(f,10)):o?.(new ee(`Invalid \`retry\` value: "${f}"`,{type:"invalid-retry",value:f,line:x}));break;default:o?.(new ee(`Unknown field "${d.length>20?`${d.slice(0,20)}\u2026`:d}"`,{type:"unknown-field",field:d,value:f,line:x}));break}}function J(){a!==void 0&&r?.(a),u>0&&i?.({id:a,event:s,data:m}),a=void 0,m="",u=0,s=void 0}function H(d={}){if(d.consume&&l.length>0){let f=l.join("");k(f,0,f.length)}h="",a=void 0,m="",u=0,s=void 0,l.length=0,_=0,b=!1,v=!1,$=!1}return{feed:S,reset:H}}function Et(t,e,n){return n===100&&t.charCodeAt(e+1)===97&&t.charCodeAt(e+2)===116&&t.charCodeAt(e+3)===97&&t.charCodeAt(e+4)===58}function It(t,e,n){return n===101&&t.charCodeAt(e+1)===118&&t.charCodeAt(e+2)===101&&t.charCodeAt(e+3)===110&&t.charCodeAt(e+4)===116&&t.charCodeAt(e+5)===58}function ye(t,e){let n=1;for(;n<t.length&&n<e.length;){if(t.charCodeAt(n)!==e.charCodeAt(n))return!1;n++}return t.length<=e.length||t.charCodeAt(e.length)===58}var Je="titan.token",kt="/api/titan.ManagerService/",te=class extends Error{status;code;constructor(e,n,o){super(o),this.status=e,this.code=n,this.name="ApiError"}};function xe(){return sessionStorage.getItem(Je)??""}function we(t){t?sessionStorage.setItem(Je,t):sessionStorage.removeItem(Je)}function At(t={}){let e=xe();return{"content-type":"application/json",...e?{authorization:`Bearer ${e}`}:{},...t}}async function Mt(t){let e=await t.json().catch(()=>({}));return new te(t.status,e.code??"UNKNOWN",e.message??t.statusText)}async function Se(t,e){let n=await fetch(t,{method:"POST",headers:At(),body:JSON.stringify(e)});if(!n.ok)throw await Mt(n);return await n.json()}function O(t,e={}){return Se(kt+t,e)}function Ce(){return Se("/api/dashboard/Overview",{})}var je;function Pt(){return je??=Se("/api/dashboard/Schema",{}).catch(t=>{throw je=void 0,t}),je}var qe=new Map;function W(t){let e=qe.get(t);return e||(e=O(t,{}).then(()=>!0,n=>{if(n instanceof te&&n.code==="UNIMPLEMENTED")return!1;throw qe.delete(t),n}),qe.set(t,e)),e}function Tt(t,e){return Se("/api/dashboard/SearchJobs",{...t,text:e})}async function Nt(t,e,n,o){let i=await fetch(t,{method:"POST",headers:At({accept:"text/event-stream"}),body:JSON.stringify(e),signal:o});if(!i.ok)throw await Mt(i);let r=We({onEvent:_=>n(_.event??"message",JSON.parse(_.data))}),c=i.body.getReader(),l=new TextDecoder;try{for(;;){let{done:_,value:h}=await c.read();if(_)return;r.feed(l.decode(h,{stream:!0}))}}catch(_){if(o.aborted)return;throw _}}function Lt(t,e,n){return Nt(kt+"WatchJob",{jobId:t,fromStart:!0},e,n)}function Ot(t,e,n){return Nt("/api/dashboard/WatchJobs",{jobIds:t},e,n)}function Rt(t){let e=atob(t),n=new Uint8Array(e.length);for(let o=0;o<e.length;o++)n[o]=e.charCodeAt(o);return new TextDecoder().decode(n)}var Ft=function(t,e,n,o){var i;e[0]=0;for(var r=1;r<e.length;r++){var c=e[r++],l=e[r]?(e[0]|=c?1:2,n[e[r++]]):e[++r];c===3?o[0]=l:c===4?o[1]=Object.assign(o[1]||{},l):c===5?(o[1]=o[1]||{})[e[++r]]=l:c===6?o[1][e[++r]]+=l+"":c?(i=t.apply(l,Ft(t,l,n,["",null])),o.push(i),l[0]?e[0]|=2:(e[r-2]=0,e[r]=i)):o.push(l)}return o},Dt=new Map;function Ve(t){var e=Dt.get(this);return e||(e=new Map,Dt.set(this,e)),(e=Ft(this,e.get(t)||(e.set(t,e=function(n){for(var o,i,r=1,c="",l="",_=[0],h=function(u){r===1&&(u||(c=c.replace(/^\s*\n\s*|\s*\n\s*$/g,"")))?_.push(0,u,c):r===3&&(u||c)?(_.push(3,u,c),r=2):r===2&&c==="..."&&u?_.push(4,u,0):r===2&&c&&!u?_.push(5,0,!0,c):r>=5&&((c||!u&&r===5)&&(_.push(r,0,c,i),r=6),u&&(_.push(r,u,0,i),r=6)),c=""},a=0;a<n.length;a++){a&&(r===1&&h(),h(a));for(var m=0;m<n[a].length;m++)o=n[a][m],r===1?o==="<"?(h(),_=[_],r=3):c+=o:r===4?c==="--"&&o===">"?(r=1,c=""):c=o+c[0]:l?o===l?l="":c+=o:o==='"'||o==="'"?l=o:o===">"?(h(),r=1):r&&(o==="="?(r=5,i=c,c=""):o==="/"&&(r<5||n[a][m+1]===">")?(h(),r===3&&(_=_[0]),r=_,(_=_[0]).push(2,0,r),r=0):o===" "||o==="	"||o===`
`||o==="\r"?(h(),r=2):c+=o),r===3&&c==="!--"&&(r=4,_=_[0])}return h(),_}(t)),e),arguments,[])).length>1?e:e[0]}var _n=Ve.default??Ve,p=_n.bind(st);var fn=5e3,Qe=600,ce=150;function ze(t){return t===0?"0":Math.abs(t)>=100?t.toFixed(0):Math.abs(t)>=1?t.toFixed(1):t.toPrecision(2)}function Ee({title:t,unit:e,series:n}){let o=n.flatMap(s=>s.points),i=o.map(([s])=>s),r=o.map(([,s])=>s).filter(s=>s!==null),c=Math.min(...i,Date.now()-36e5),l=Math.max(...i,Date.now()),_=Math.max(...r,1e-9)*1.1,h=s=>(s-c)/(l-c||1)*Qe,a=s=>ce-s/_*ce,m=s=>[...s.points].reverse().find(([,b])=>b!==null)?.[1],u=n.map(s=>`${s.label} ${ze(m(s)??0)}`).join(", ");return p`
    <figure class="card chart">
      <figcaption>
        <h2>${t}</h2>
        <ul class="legend">
          ${n.map(s=>p`<li class=${s.cls}><span class="swatch"></span>${s.label}
            <strong>${ze(m(s)??0)}</strong> ${e}</li>`)}
        </ul>
      </figcaption>
      <svg viewBox=${`0 0 ${Qe} ${ce}`} preserveAspectRatio="none" role="img"
        aria-label=${`${t}, last hour; now: ${u}`}>
        <line x1="0" y1=${ce} x2=${Qe} y2=${ce} class="axis" />
        ${n.map(s=>{let b=[],v=[];for(let[$,S]of s.points)S===null?(v.length&&b.push(v.join(" ")),v=[]):v.push(`${h($).toFixed(1)},${a(S).toFixed(1)}`);return v.length&&b.push(v.join(" ")),b.map($=>p`<polyline class=${`line ${s.cls}`} points=${$} />`)})}
      </svg>
      <div
        class="scale muted"><span>1 h ago</span><span>max ${ze(_/1.1)} ${e}</span><span>now</span></div>
    </figure>
  `}function Ke(t,e){let n=[];for(let o=1;o<t.length;o++){let i=(t[o].t-t[o-1].t)/1e3;i>0&&n.push([t[o].t,Math.max(0,t[o][e]-t[o-1][e])/i])}return n}function Ht(){let[t,e]=y([]),[n,o]=y("");P(()=>{let c=()=>Ce().then(_=>{e(_.samples),o("")}).catch(_=>o(_.message));c();let l=setInterval(c,fn);return()=>clearInterval(l)},[]);let i=t[t.length-1],r=c=>t.map(l=>[l.t,l[c]]);return p`
    <h1>Last hour</h1>
    ${n?p`<p class="error" role="alert">${n}</p>`:null}
    ${i?p`<p class="muted totals">As of ${new Date(i.t).toLocaleTimeString()}, since the
          manager started: <span data-total="submitted">${i.submitted}</span> submitted,
          <span data-total="completed">${i.completed}</span> completed,
          <span data-total="failed">${i.failed}</span> failed,
          <span data-total="cancelled">${i.cancelled}</span> cancelled.</p>`:null}
    <div class="charts">
      <${Ee} title="Jobs finished per second" unit="/s" series=${[{label:"completed",cls:"c-completed",points:Ke(t,"completed")},{label:"failed",cls:"c-failed",points:Ke(t,"failed")},{label:"cancelled",cls:"c-cancelled",points:Ke(t,"cancelled")}]} />
      <${Ee} title="Queue length" unit="jobs" series=${[{label:"waiting",cls:"c-pending",points:r("queueLength")}]} />
      <${Ee} title="Queue wait" unit="s" series=${[{label:"p50",cls:"c-completed",points:r("waitP50")},{label:"p99",cls:"c-failed",points:r("waitP99")}]} />
      <${Ee} title="Running attempts and slots" unit="" series=${[{label:"running",cls:"c-running",points:r("running")},{label:"slots",cls:"c-slots",points:r("slots")}]} />
    </div>
  `}var pn=["COMPLETED","FAILED","CANCELLED"],Bt=["PENDING","SCHEDULED","RUNNING","COMPLETED","FAILED","CANCELLED"],le=t=>pn.includes(t);function Y(t,e=Date.now()){if(!t)return"";let n=Math.max(0,Math.round((e-Date.parse(t))/1e3));return n<60?`${n} s ago`:n<3600?`${Math.floor(n/60)} min ago`:n<86400?`${Math.floor(n/3600)} h ago`:`${Math.floor(n/86400)} d ago`}function j(t){return t?new Date(t).toLocaleString():"\u2014"}function Ut(t,e,n=Date.now()){if(!t)return"\u2014";let o=(e?Date.parse(e):n)-Date.parse(t);return o<1e3?`${o} ms`:o<6e4?`${(o/1e3).toFixed(1)} s`:`${Math.floor(o/6e4)} min ${Math.round(o%6e4/1e3)} s`}function Ye(t){return t<1024?`${t} B`:t<1024*1024?`${(t/1024).toFixed(1)} KiB`:`${(t/1024/1024).toFixed(1)} MiB`}var q=t=>t.slice(-12);function Ie(t,e){let n={};for(let[o,i]of t.split(`
`).entries()){let r=i.trim();if(!r)continue;let c=r.indexOf("=");if(c<=0)throw new Error(`${e} line ${o+1}: expected NAME=VALUE, got "${r}"`);n[r.slice(0,c).trim()]=r.slice(c+1)}return n}var G=t=>Object.entries(t??{}).map(([e,n])=>`${e}=${n}`).join(`
`);function X(t){return!!t&&(t.cpuMillis>0||t.memoryMb>0||Object.keys(t.devices??{}).length>0)}function Wt(t){let e=[];t.cpuMillis&&e.push(`${t.cpuMillis/1e3} cores`),t.memoryMb&&e.push(`${t.memoryMb} MiB`);for(let[n,o]of Object.entries(t.devices??{}))e.push(`${n} ${o}`);return e.join(", ")}var mn=50,hn=2e3,$n=1e4;function Ge({state:t}){return p`<span class=${`badge s-${t.toLowerCase()}`}>${t}</span>`}function jt(){let[t,e]=y([]),[n,o]=y(""),[i,r]=y(""),[c,l]=y([""]),[_,h]=y([]),[a,m]=y(""),[u,s]=y({}),[b,v]=y(""),$=c[c.length-1],S=ie(0),w=async()=>{let g=++S.current;try{let k={states:t,pageSize:mn,pageToken:$},T=i?await Tt(k,i):await O("ListJobs",k);if(g!==S.current)return;h(T.jobs),m(T.nextPageToken),v("")}catch(k){v(k.message)}Ce().then(k=>s(k.counts)).catch(()=>{})};P(()=>{if(w(),$!=="")return;let g=setInterval(w,i?$n:hn);return()=>clearInterval(g)},[t.join(),i,$]);let C=_.filter(g=>!le(g.state)).map(g=>g.jobId);P(()=>{if(C.length===0)return;let g=new AbortController;return Ot(C,(k,T)=>{if(k!=="status")return;let J=T;h(H=>H.map(d=>d.jobId===J.jobId?{...d,...J}:d))},g.signal).catch(()=>{}),()=>g.abort()},[C.join()]);let E=g=>{e(k=>k.includes(g)?k.filter(T=>T!==g):[...k,g]),l([""])},D=Object.values(u).reduce((g,k)=>g+k,0);return p`
    <h1>Jobs</h1>
    <div class="counts" role="group" aria-label="Filter by state">
      ${Bt.map(g=>p`
          <button class=${`count s-${g.toLowerCase()}`} aria-pressed=${t.includes(g)}
            onClick=${()=>E(g)}>
            <span class="n" data-state=${g}>${u[g]??0}</span> ${g}
          </button>
        `)}
      <span class="muted total">${D} in all</span>
    </div>
    <form class="search" role="search" onSubmit=${g=>{g.preventDefault(),r(n.trim()),l([""])}}>
      <label for="q" class="sr">Search jobs by command</label>
      <input id="q" type="search" placeholder="Search commands" value=${n}
        onInput=${g=>o(g.target.value)} />
      <button type="submit">Search</button>
      ${i?p`<button type="button" onClick=${()=>{o(""),r(""),l([""])}}>Clear</button>`:null}
    </form>
    ${b?p`<p class="error" role="alert">${b}</p>`:null}
    <div class="table-wrap">
      <table class="jobs">
        <thead><tr>
          <th>Job</th><th>State</th><th class="wide">Command</th><th class="opt">Worker</th>
          <th class="opt">Attempt</th><th>Created</th>
        </tr></thead>
        <tbody>
          ${_.map(g=>p`
              <tr key=${g.jobId} data-job=${g.jobId}>
                <td><a href=${`#/jobs/${g.jobId}`} class="mono">${g.name||q(g.jobId)}</a></td>
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
      <button disabled=${c.length===1} onClick=${()=>l(g=>g.slice(0,-1))}>
        ← Newer</button>
      <span class="muted">Page ${c.length}</span>
      <button disabled=${!a} onClick=${()=>l(g=>[...g,a])}>Older →</button>
    </nav>
  `}function bn(t){let e={command:t.command,env:t.env,cwd:t.cwd,timeoutSeconds:t.timeoutSeconds,maxRetries:t.maxRetries,priority:t.priority};return t.name&&(e.name=t.name),t.queue&&(e.queue=t.queue),X(t.resources)&&(e.resources=t.resources),t.selector&&Object.keys(t.selector).length&&(e.selector=t.selector),t.dependencies?.length&&(e.dependsOn=t.dependencies.map(n=>n.jobId),e.dependencyPolicy=t.dependencyPolicy),e}function M({label:t,children:e}){return p`
    <dt>${t}</dt>
    <dd>${e}</dd>
  `}function gn({job:t}){let e=t.dependencies??[];if(e.length===0)return null;let n=36,o=e.length*n,i=o/2,r=t.dependencyPolicy==="DEPENDENCY_POLICY_AFTER_COMPLETION"?"runs once they have all ended, whatever the outcome":"runs once they have all completed";return p`
    <section aria-label="Dependencies" class="deps">
      <h2>Depends on <span class="muted">(${r})</span></h2>
      <svg class="graph" viewBox=${`0 0 440 ${o}`} width="440" height=${o} role="img"
        aria-label=${`Depends on ${e.map(c=>`${c.name||c.jobId} (${c.state})`).join(", ")}`}>
        ${e.map((c,l)=>{let _=l*n+n/2;return p`
            <a href=${`#/jobs/${c.jobId}`}>
              <rect x="2" y=${_-13} width="210" height="26" rx="4"
                class=${`node s-${c.state.toLowerCase()}`} />
              <text x="10" y=${_+4}>${c.name||q(c.jobId)} · ${c.state}</text>
            </a>
            <path d=${`M212 ${_} C 262 ${_}, 262 ${i}, 312 ${i}`} class="edge" />
          `})}
        <rect x="312" y=${i-13} width="124" height="26" rx="4"
          class=${`node s-${t.state.toLowerCase()}`} />
        <text x="320" y=${i+4}>${t.name||"this job"}</text>
      </svg>
    </section>
  `}function qt({title:t,text:e,truncated:n,total:o,running:i}){let r=ie(null),c=ie(!0);P(()=>{r.current&&c.current&&(r.current.scrollTop=r.current.scrollHeight)},[e]);let l=()=>{let _=r.current;c.current=_.scrollHeight-_.scrollTop-_.clientHeight<24};return p`
    <section class="output" aria-label=${t}>
      <h2>${t} <span class="muted">${Ye(o)}${i?" \xB7 following live":""}</span></h2>
      ${n?p`<p class="note">Output capped: the manager kept the first part of the ${Ye(o)}
            written.</p>`:null}
      <pre tabIndex="0" ref=${r} onScroll=${l} data-stream=${t.toLowerCase()}
        aria-live="off">${e||" "}</pre>
    </section>
  `}function Jt({jobId:t}){let[e,n]=y(),[o,i]=y({attempt:0,stdout:"",stderr:""}),[r,c]=y(""),[l,_]=y(""),[h,a]=y(!1),[,m]=y(0),u=e!==void 0&&!le(e.state);if(P(()=>{if(!u)return;let $=setInterval(()=>m(Date.now()),1e3);return()=>clearInterval($)},[u]),P(()=>{let $=new AbortController;return i({attempt:0,stdout:"",stderr:""}),c(""),a(!0),Lt(t,(S,w)=>{if(S==="error"){c(w.message);return}if(S!=="message")return;let C=w;if(C.status&&n(C.status),C.output){let E=Rt(C.output.data),D=C.output.stream==="STDERR"?"stderr":"stdout",g=C.output.attempt;i(k=>{let T=g>k.attempt?{attempt:g,stdout:"",stderr:""}:k;return{...T,[D]:T[D]+E}})}},$.signal).catch(S=>c(S.message)).finally(()=>a(!1)),()=>$.abort()},[t]),!e)return r?p`
        <h1>Job</h1>
        <p class="error" role="alert">${r}</p>
      `:p`<p class="muted">Loading…</p>`;let s=!le(e.state),b=async()=>{try{let $=await O("CancelJob",{jobId:t});_(`Cancel requested: ${$.state}`)}catch($){c($.message)}},v=async()=>{try{let $=await O("SubmitJob",bn(e));location.hash=`#/jobs/${$.jobId}`}catch($){c($.message)}};return p`
    <h1 class="job-title"><span class="mono">${e.name||e.jobId}</span>
      <${Ge} state=${e.state} /></h1>
    <div class="actions">
      ${s?p`<button class="danger" onClick=${b}>Cancel job</button>`:null}
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
          <${M} label="Created">${j(e.createdAt)}<//>
          <${M} label="Started">${j(e.startedAt)}<//>
          <${M} label="Finished">${j(e.finishedAt)}<//>
          <${M} label="Ran for">${Ut(e.startedAt,e.finishedAt)}<//>
          ${e.notBefore?p`<${M} label="Retry after">${j(e.notBefore)}<//>`:null}
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
          ${X(e.resources)?p`<${M} label="Resources">${Wt(e.resources)}<//>`:null}
          ${e.scheduleName?p`<${M} label="Schedule">${e.scheduleName} (fire time ${j(e.fireTime??"")})<//>`:null}
          ${e.selector&&Object.keys(e.selector).length?p`<${M} label="Selector">${G(e.selector)}<//>`:null}
        </dl>
      </section>
    </div>
    <${gn} job=${e} />
    <${qt} title="Stdout" text=${o.stdout} truncated=${e.stdoutTruncated}
      total=${Math.max(e.stdoutBytes,o.stdout.length)} running=${h&&s} />
    <${qt} title="Stderr" text=${o.stderr} truncated=${e.stderrTruncated}
      total=${Math.max(e.stderrBytes,o.stderr.length)} running=${h&&s} />
  `}function Vt({error:t,onToken:e}){let[n,o]=y("");return p`
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
  `}var vn=3e3;function yn({q:t,onSave:e}){let[n,o]=y(String(t.maxRunning)),i=`limit-${t.name}`;return p`
    <form class="inline" onSubmit=${r=>{r.preventDefault(),e(Number(n||0))}}>
      <label for=${i} class="sr">Most running at once in ${t.name} (0 = no limit)</label>
      <input id=${i} type="number" min="0" value=${n}
        onInput=${r=>o(r.target.value)} />
      <button type="submit">Set</button>
    </form>
  `}function Qt(){let[t,e]=y(),[n,o]=y([]),[i,r]=y([]),[c,l]=y(""),[_,h]=y(""),a=async()=>{try{t?.queues&&o((await O("ListQueues")).queues),t?.schedules&&r((await O("ListSchedules")).schedules),l("")}catch(u){l(u.message)}};P(()=>{Promise.all([W("ListQueues"),W("ListSchedules")]).then(([u,s])=>e({queues:u,schedules:s})).catch(u=>l(u.message))},[]),P(()=>{if(!t?.queues&&!t?.schedules)return;a();let u=setInterval(a,vn);return()=>clearInterval(u)},[t?.queues,t?.schedules]);let m=async(u,s,b)=>{try{let v=await O(u,s);h(b(v)),l(""),a()}catch(v){l(v.message)}};return t&&!t.queues&&!t.schedules?p`
      <h1>Queues & schedules</h1>
      <p class="muted">This manager serves neither queues nor schedules.</p>
    `:p`
    <h1>Queues & schedules</h1>
    ${c?p`<p class="error" role="alert">${c}</p>`:null}
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
                      <${yn} q=${u} onSave=${s=>m("UpdateQueue",{name:u.name,maxRunning:s},()=>`${u.name}: at most ${s||"any number"} running`)} />
                    </td>
                    <td><button onClick=${()=>m("UpdateQueue",{name:u.name,paused:!u.paused},()=>`${u.name} ${u.paused?"resumed":"paused"}`)}>
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
                    <td title=${u.nextFireTime}>${u.paused?"\u2014":j(u.nextFireTime)}</td>
                    <td>${u.lastJobId?p`<a href=${`#/jobs/${u.lastJobId}`} class="mono">${q(u.lastJobId)}</a>
                  ${Y(u.lastFireTime)}`:"\u2014"}</td>
                    <td>${u.paused?"paused":"active"}</td>
                    <td class="buttons">
                      <button onClick=${()=>m("UpdateSchedule",{name:u.name,paused:!u.paused},()=>`${u.name} ${u.paused?"resumed":"paused"}`)}>
                        ${u.paused?"Resume":"Pause"}</button>
                      <button onClick=${()=>m("TriggerSchedule",{name:u.name},s=>`${u.name} triggered: job ${s.jobId}`)}>Trigger now</button>
                    </td>
                  </tr>
                `)}
            </tbody>
            </table>
          </div>
        </section>
      `:null}
  `}var Xe={name:"",command:"",env:"",cwd:"",timeoutSeconds:"0",maxRetries:"0",priority:"0",idempotencyKey:"",queue:"",cpu:"",memoryMb:"",devices:"",selector:"",dependsOn:"",dependencyPolicy:"DEPENDENCY_POLICY_AFTER_SUCCESS"};function F({id:t,label:e,hint:n,children:o}){return p`
    <div class="field">
      <label for=${t}>${e}</label>
      ${o}
      ${n?p`<small class="muted" id=${`${t}-hint`}>${n}</small>`:null}
    </div>
  `}function zt({from:t}){let[e,n]=y(Xe),[o,i]=y([]),[r,c]=y(""),[l,_]=y(!1);P(()=>{(async()=>{let u=(await Pt()).fields.JobSpec,s=await W("ListQueues").catch(()=>!1),{workers:b}=await O("ListWorkers"),v=b.some($=>X($.capacity)||!!$.isolation);i(u.filter($=>$==="queue"?s:$==="resources"||$==="selector"?v:!0))})().catch(()=>i([]))},[]),P(()=>{t&&O("GetJobStatus",{jobId:t}).then(u=>n({...Xe,name:u.name??"",command:u.command,env:G(u.env),cwd:u.cwd,timeoutSeconds:String(u.timeoutSeconds),maxRetries:String(u.maxRetries),priority:String(u.priority),queue:u.queue??"",cpu:u.resources?.cpuMillis?String(u.resources.cpuMillis/1e3):"",memoryMb:u.resources?.memoryMb?String(u.resources.memoryMb):"",devices:G(u.resources?.devices),selector:G(u.selector),dependsOn:(u.dependencies??[]).map(s=>s.jobId).join(`
`),dependencyPolicy:u.dependencyPolicy||Xe.dependencyPolicy})).catch(u=>c(u.message))},[t]);let h=u=>s=>n({...e,[u]:s.target.value}),a=u=>o.includes(u);return p`
    <h1>Submit a job</h1>
    <form class="card submit" onSubmit=${async u=>{u.preventDefault(),c("");let s;try{if(s={command:e.command,env:Ie(e.env,"Environment"),cwd:e.cwd,timeoutSeconds:Number(e.timeoutSeconds||0),maxRetries:Number(e.maxRetries||0),priority:Number(e.priority||0),idempotencyKey:e.idempotencyKey},a("name")&&e.name&&(s.name=e.name),a("queue")&&e.queue&&(s.queue=e.queue),a("selector")&&e.selector&&(s.selector=Ie(e.selector,"Selector")),a("resources")&&(e.cpu||e.memoryMb||e.devices)){let b=Ie(e.devices,"Devices");s.resources={cpuMillis:Math.round(Number(e.cpu||0)*1e3),memoryMb:Number(e.memoryMb||0),devices:Object.fromEntries(Object.entries(b).map(([v,$])=>[v,Number($)]))}}a("dependsOn")&&e.dependsOn.trim()&&(s.dependsOn=e.dependsOn.split(/[\s,]+/).filter(Boolean),s.dependencyPolicy=e.dependencyPolicy)}catch(b){c(b.message);return}_(!0);try{let b=await O("SubmitJob",s);location.hash=`#/jobs/${b.jobId}`}catch(b){c(b.message)}finally{_(!1)}}} aria-describedby="submit-error">
      ${a("name")?p`<${F} id="f-name" label="Name">
        <input id="f-name" value=${e.name} onInput=${h("name")} /><//>`:null}
      <${F} id="f-command" label="Command" hint="Run by the worker (with sh -c when it uses shell syntax).">
        <textarea id="f-command" required rows="3" class="mono" value=${e.command}
          onInput=${h("command")}></textarea><//>
      <${F} id="f-env" label="Environment" hint="One NAME=value per line.">
        <textarea id="f-env" rows="2" class="mono" value=${e.env} onInput=${h("env")}></textarea><//>
      <${F} id="f-cwd" label="Working directory" hint="Absolute; empty = the worker's work dir.">
        <input id="f-cwd" class="mono" value=${e.cwd} onInput=${h("cwd")} /><//>
      <div class="row3">
        <${F} id="f-timeout" label="Timeout (s)">
          <input id="f-timeout" type="number" min="0" value=${e.timeoutSeconds}
            onInput=${h("timeoutSeconds")} /><//>
        <${F} id="f-retries" label="Retries">
          <input id="f-retries" type="number" min="0" value=${e.maxRetries}
            onInput=${h("maxRetries")} /><//>
        <${F} id="f-priority" label="Priority">
          <input id="f-priority" type="number" value=${e.priority} onInput=${h("priority")} /><//>
      </div>
      <${F} id="f-key" label="Idempotency key" hint="A second submit with the same key returns the first job.">
        <input id="f-key" value=${e.idempotencyKey} onInput=${h("idempotencyKey")} /><//>
      ${a("queue")?p`<${F} id="f-queue" label="Queue">
        <input id="f-queue" value=${e.queue} onInput=${h("queue")} /><//>`:null}
      ${a("resources")?p`
          <div class="row3">
            <${F} id="f-cpu" label="CPU (cores)">
              <input id="f-cpu" type="number" min="0" step="0.001" value=${e.cpu}
                onInput=${h("cpu")} /><//>
            <${F} id="f-memory" label="Memory (MiB)">
              <input id="f-memory" type="number" min="0" value=${e.memoryMb}
                onInput=${h("memoryMb")} /><//>
            <${F} id="f-devices" label="Devices" hint="name=count per line, e.g. gpu=1.">
              <textarea id="f-devices" rows="1" class="mono" value=${e.devices}
                onInput=${h("devices")}></textarea><//>
          </div>
        `:null}
      ${a("selector")?p`
          <${F} id="f-selector" label="Worker selector"
            hint="One label=value per line: the worker must have them all.">
            <textarea id="f-selector" rows="2" class="mono" value=${e.selector}
              onInput=${h("selector")}></textarea>
            <//>
        `:null}
      ${a("dependsOn")?p`
          <${F} id="f-deps" label="Depends on" hint="Job ids, one per line: this job waits for them.">
            <textarea id="f-deps" rows="2" class="mono" value=${e.dependsOn}
              onInput=${h("dependsOn")}></textarea><//>
          ${a("dependencyPolicy")?p`<${F} id="f-policy" label="Run when the dependencies">
          <select id="f-policy" value=${e.dependencyPolicy} onChange=${h("dependencyPolicy")}>
            <option value="DEPENDENCY_POLICY_AFTER_SUCCESS">all completed</option>
            <option value="DEPENDENCY_POLICY_AFTER_COMPLETION">all ended, whatever the outcome</option>
          </select><//>`:null}
        `:null}
      <p id="submit-error" class="error" role="alert">${r}</p>
      <button type="submit" disabled=${l}>Submit</button>
    </form>
  `}var xn=2e3;function Kt({used:t,total:e,label:n}){let o=e>0?Math.min(100,Math.round(t/e*100)):0;return p`
    <div class="meter" role="meter" aria-label=${n} aria-valuemin="0" aria-valuemax=${e}
      aria-valuenow=${t}>
      <span class="bar" style=${`width:${o}%`}></span>
      <span class="meter-text">${t} of ${e} ${n}</span>
    </div>
  `}function wn(t,e){let n=[];t.cpuMillis&&n.push(["cores",(e?.cpuMillis??0)/1e3,t.cpuMillis/1e3]),t.memoryMb&&n.push(["MiB",e?.memoryMb??0,t.memoryMb]);for(let[o,i]of Object.entries(t.devices??{}))n.push([o,e?.devices?.[o]??0,i]);return n.map(([o,i,r])=>p`<${Kt} used=${i} total=${r} label=${o} />`)}function Yt(){let[t,e]=y([]),[n,o]=y({}),[i,r]=y(""),[c,l]=y(""),_=async()=>{try{let{workers:a}=await O("ListWorkers",{});e(a);let{jobs:m}=await O("ListJobs",{states:["SCHEDULED","RUNNING"],pageSize:1e3}),u={};for(let s of m)(u[s.workerId]??=[]).push(s);o(u),r("")}catch(a){r(a.message)}};P(()=>{_();let a=setInterval(_,xn);return()=>clearInterval(a)},[]);let h=async a=>{try{let m=await O("DrainWorker",{workerId:a});l(`${a}: ${m.state}`),_()}catch(m){r(m.message)}};return p`
    <h1>Workers</h1>
    ${i?p`<p class="error" role="alert">${i}</p>`:null}
    ${c?p`<p class="notice" role="status">${c}</p>`:null}
    ${t.length===0?p`<p class="muted">No workers have connected.</p>`:null}
    <div class="cards">
      ${t.map(a=>p`
          <article class="card worker" key=${a.workerId} data-worker=${a.workerId}
            aria-label=${`Worker ${a.workerId}`}>
            <header>
              <h2 class="mono">${a.workerId}</h2>
              <span class=${`badge w-${a.state.toLowerCase()}`}>${a.state}</span>
            </header>
            <${Kt} used=${a.running} total=${a.slots} label="slots" />
            ${X(a.capacity)?wn(a.capacity,a.allocated):null}
            <dl>
              <dt>Last contact</dt><dd title=${a.lastHeartbeat}>${Y(a.lastHeartbeat)}</dd>
              <dt>Connected</dt><dd title=${a.connectedAt}>${Y(a.connectedAt)}</dd>
              ${a.isolation?p`
                  <dt>Isolation</dt>
                  <dd>${a.isolation}</dd>
                `:null}
              <dt>Address</dt><dd class="mono">${a.address||"\u2014"}</dd>
              <dt>Version</dt><dd>${a.version||"\u2014"}</dd>
              <dt>Completed</dt><dd>${a.completed}</dd>
              <dt>Labels</dt><dd>${Object.keys(a.labels).length?Object.entries(a.labels).map(([m,u])=>p`
                    <span class="tag">${m}=${u}</span>
                  `):"\u2014"}</dd>
            </dl>
            <details>
              <summary>${(n[a.workerId]??[]).length} running attempt(s)</summary>
              <ul class="attempts">
                ${(n[a.workerId]??[]).map(m=>p`
                    <li><a href=${`#/jobs/${m.jobId}`} class="mono">${m.name||q(m.jobId)}</a>
                      #${m.attempt} <span class="muted cmd">${m.command}</span></li>
                  `)}
              </ul>
            </details>
            ${a.state==="HEALTHY"?p`<button class="danger" onClick=${()=>h(a.workerId)}>Drain ${a.workerId}</button>`:null}
          </article>
        `)}
    </div>
  `}function Sn(){let[t,e]=y(location.hash||"#/jobs");return P(()=>{let n=()=>e(location.hash||"#/jobs");return addEventListener("hashchange",n),()=>removeEventListener("hashchange",n)},[]),t}var Cn=[["#/jobs","Jobs"],["#/submit","Submit"],["#/workers","Workers"],["#/queues","Queues & schedules"],["#/charts","Charts"]];function En({onLogout:t}){let e=Sn(),[n,o]=y(!1);P(()=>{Promise.all([W("ListQueues"),W("ListSchedules")]).then(([a,m])=>o(a||m)).catch(()=>{})},[]);let i=Cn.filter(([a])=>a!=="#/queues"||n),[r,c=""]=e.slice(1).split("?"),l=r.split("/").filter(Boolean),_;l[0]==="jobs"&&l[1]?_=p`<${Jt} jobId=${l[1]} />`:l[0]==="submit"?_=p`<${zt} from=${new URLSearchParams(c).get("from")??""} />`:l[0]==="workers"?_=p`<${Yt} />`:l[0]==="queues"?_=p`<${Qt} />`:l[0]==="charts"?_=p`<${Ht} />`:_=p`<${jt} />`;let h="#/"+(l[0]??"jobs");return p`
    <a class="skip" href="#main" onClick=${a=>{a.preventDefault(),document.getElementById("main")?.focus()}}>Skip to content</a>
    <header class="top">
      <a class="brand" href="#/jobs">Titan</a>
      <nav aria-label="Sections">
        ${i.map(([a,m])=>p`
            <a href=${a} aria-current=${h===a?"page":void 0}>${m}</a>
          `)}
      </nav>
      ${xe()?p`<button class="link" onClick=${t}>Sign out</button>`:null}
    </header>
    <main id="main" tabIndex="-1">${_}</main>
  `}function In(){let[t,e]=y("checking"),[n,o]=y(""),i=async()=>{try{await O("ListWorkers",{}),e("in"),o("")}catch(r){r instanceof te&&r.code==="UNAUTHENTICATED"?(xe()&&o(`The manager refused this token: ${r.message}`),we(""),e("login")):(o(String(r.message)),e("login"))}};return P(()=>{i()},[]),t==="checking"?p`<p class="muted center">Connecting…</p>`:t==="login"?p`<${Vt} error=${n} onToken=${r=>{we(r),e("checking"),i()}} />`:p`<${En} onLogout=${()=>{we(""),e("login")}} />`}_t(p`<${In} />`,document.getElementById("app"));
