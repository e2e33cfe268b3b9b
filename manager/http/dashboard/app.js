var A,it,on,J,Re,be,lt,me,ct,De,Ne,rn,ae=Symbol.for("pv"),ge={},ve=[],sn=/^m(i|n|o|s|text|space)$/,Oe=Array.isArray,Le=ve.slice,G=Object.assign;function K(e){e&&e.parentNode&&e.remove()}function ut(e,t,n){var o,a,r,i={},u=arguments.length;for(r in t)r=="key"?o=t[r]:r=="ref"&&typeof e!="function"?a=t[r]:i[r]=t[r];return u>2&&(i.children=u>3?Le.call(arguments,2):n),se(e,i,o,a,null)}function se(e,t,n,o,a){var r={type:e,props:t,key:n,ref:o,__k:null,__:null,__b:0,__e:null,__c:null,constructor:ae,__v:a||++it,__i:-1,__u:0};return!a&&A.vnode&&A.vnode(r),r}function ye(e){return e.children}function he(e,t){this.props=e,this.context=t,this.__g=0}function j(e,t){if(t==null)return e.__&&j(e.__,e.__i+1);for(var n;t<e.__k.length;t++)if((n=e.__k[t])&&n.__e)return n.__e;return typeof e.type!="function"||e.props.__P?null:j(e)}function an(e){var t,n=e.__v,o=n.__e,a=[],r=[],i=e.__P;i&&((t=G({constructor:ae},n)).__v=n.__v+1,A.vnode&&A.vnode(t),Fe(i,t,n,e.__n,i.namespaceURI,32&n.__u?[o]:null,a,o||j(n),32&n.__u,r),t.__v=n.__v,t.__.__k[t.__i]=t,ht(a,t,r),n.__=n.__e=null,t.__e!=o&&dt(t))}function dt(e){if((e=e.__)&&e.__c&&!e.props.__P)return e.__e=null,e.__k.some(function(t){return t&&(e.__e=t.__e)}),dt(e)}function st(e){(8&e.__g||(e.__g|=8,J.push(e),be++))&&Re==A.debounceRendering||((Re=A.debounceRendering)||queueMicrotask)(_t)}function _t(){try{for(var e,t=1;J.length;)J.length>t&&J.sort(lt),e=J.shift(),t=J.length,8&e.__g&&an(e)}finally{(be=J.length)&&(Re||queueMicrotask)(_t)}}function ft(e,t,n,o,a,r,i,u,f,h,s){var b,l,c,$,x,_,C=o.__k||ve,S=t.length;for(f=ln(n,t,C,f,S),b=0;b<S;b++)(c=n.__k[b])!=null&&(l=~c.__i&&C[c.__i]||ge,c.__i=b,_=Fe(e,c,l,a,r,i,u,f,h,s),$=c.__e,(l.ref!=c.ref||8&l.__u)&&(l.ref&&He(l.ref,null,c,l),c.ref&&s.push(c.ref,c.__c||$,c)),x=x||$,4&c.__u?(f=pt(c,f,e,!l.__v),l.__e&&(l.__e=null)):typeof c.type=="function"&&_!==void 0?f=_:$&&(f=$.nextSibling),c.__u&=-21);return n.__e=x,f}function ln(e,t,n,o,a){var r,i,u,f,h,s,b,l,c,$=n.length,x=$,_=0,C=0,S=e.__k=Array(a);for(r=0;r<a;r++)(i=t[r])!=null&&typeof i!="boolean"&&typeof i!="function"?(typeof i!="object"||i.constructor===String?i=S[r]=se(null,i):Oe(i)?i=S[r]=se(ye,{children:i}):i.constructor===ae&&i.__b?i=S[r]=se(i.type,i.props,i.key,i.ref,i.__v):S[r]=i,f=r+_,i.__=e,i.__b=e.__b+1,u=null,~(h=i.__i=cn(i,n,f,x))&&(x--,(u=n[h])&&(u.__u|=2)),u&&u.__v?(i.__u|=16,h==f-1?_--:h==f+1?_++:h!=f&&(h>f?_--:_++,C=1)):(~h||(a>$?_--:a<$&&_++),typeof i.type!="function"&&(i.__u|=4))):S[r]=null;if(C){for(s=[],b=[],r=0;r<a;r++)if((i=S[r])&&16&i.__u){for(_=0,l=s.length;_<l;)s[c=_+l>>1]<i.__i?_=c+1:l=c;s[_]=i.__i,b[r]=_+1}for(_=s.length;r--;)b[r]&&(b[r]==_?_--:S[r].__u|=4)}if(x)for(r=0;r<$;r++)!(u=n[r])||2&u.__u||(u.__e==o&&(o=j(u)),Be(u,u));return o}function pt(e,t,n,o){var a,r,i,u;if(typeof e.type=="function"){if(e.props.__P)return t;if(a=e.__k)for(r=0;r<a.length;r++)a[r]&&(a[r].__=e,t=pt(a[r],t,n,!1));return t}for(t&&!t.parentNode&&(t=j(e))&&!t.parentNode&&(t=null),i=e.__e,u=t;u&&u.nodeType==8;)u=u.nextSibling;for(i!=u&&(!o&&n.moveBefore&&i.parentNode?n.moveBefore(i,t):n.insertBefore(i,t||null)),t=i;(t=t&&t.nextSibling)&&t.nodeType==8&&!t.data.startsWith("$s"););return t}function cn(e,t,n,o){var a,r=e.key,i=e.type,u=t[n],f=u&&!(2&u.__u);if(u===null&&r==null||f&&r==u.key&&i==u.type)return n;if(o>(f?1:0)){for(a=n-1;a>=0;a--)if((u=t[a])&&!(2&u.__u)&&r==u.key&&i==u.type)return a;for(a=n+1;a<t.length;a++)if((u=t[a])&&!(2&u.__u)&&r==u.key&&i==u.type)return a}return-1}function at(e,t,n){n==null&&(n=""),t[0]=="-"?e.setProperty(t,n):e[t]=n}function pe(e,t,n,o,a){var r,i;if(t=="style")if(typeof n=="string")e.style.cssText=n;else{if(typeof o=="string"&&(e.style.cssText=o=""),o)for(t in o)n&&t in n||at(e.style,t);if(n)for(t in n)o&&n[t]==o[t]||at(e.style,t,n[t])}else if(t[0]=="o"&&t[1]=="n")typeof n!="function"&&(n=null),typeof o!="function"&&(o=null),(e.__e||(e.__e={}))[t]=n,n&&o||(i=Ne[t]||(Ne[t]=un(t)),(e.__a||(e.__a={}))[t]=De,r=t!=(t=t.replace(ct,"$1")),(t=t.slice(2))[0]<"a"&&(t=t.toLowerCase()),n?e.addEventListener(t,i,r):e.removeEventListener(t,i,r));else{if(a=="http://www.w3.org/2000/svg")t=t.replace(/xlink(H|:h)/,"h").replace(/sName$/,"s");else if(t!="width"&&t!="height"&&t!="href"&&t!="list"&&t!="form"&&t!="tabIndex"&&t!="download"&&t!="rowSpan"&&t!="colSpan"&&t!="role"&&t!="popover"&&t in e)try{return void(e[t]=n??"")}catch{}if(typeof n=="function")return;n==null||n===!1&&t[4]!="-"?e.removeAttribute(t):e.setAttribute(t,t=="popover"&&n==1?"":n)}}function un(e){return function(t){var n=this.__e;if(n){if(n=n[e],t[me]==null)t[me]=De++;else if(t[me]<this.__a[e])return;return n(A.event?A.event(t):t)}}}function Fe(e,t,n,o,a,r,i,u,f,h){var s,b,l,c,$,x,_,C,S,k,w,L,B,D,F,g,T,d,p=t.type;if(t.constructor!==ae)return null;128&n.__u&&(f=32&n.__u,s=n.__c.__z)&&(t.__u|=f,b=r=[],s.nodeType==8?u=$e(s,r):r.push(s),u=r[0]||u),(s=A.__b)&&s(t);e:if(typeof p=="function"){l=i.length;try{if(C=t.props,S=(s=p.prototype)&&s.render,k=(s=p.contextType)&&o[s.__c],w=s?k?k.props.value:s.__:o,(c=n.__c)?(t.__c=c,2&c.__g&&(c.__g|=1)):(S?t.__c=c=new p(C,w):(t.__c=c=new he(C,w),c.constructor=p,c.render=_n),k&&k.sub(c),c.state||(c.state={}),c.__n=o,c.__g|=8,c.__h=[],c.__k=[]),S&&(c.__s||(c.__s=c.state),p.getDerivedStateFromProps&&(c.__s==c.state&&(c.__s=G({},c.__s)),G(c.__s,p.getDerivedStateFromProps(C,c.__s)))),$=c.props,x=c.state,c.__v=t,n.__c){if(C!==$&&S&&!p.getDerivedStateFromProps&&c.componentWillReceiveProps&&c.componentWillReceiveProps(C,w),t.__v==n.__v&&!(8&c.__g)||!(4&c.__g)&&c.shouldComponentUpdate&&c.shouldComponentUpdate(C,c.__s,w)===!1){t.__v!=n.__v&&(c.props=C,c.state=c.__s,c.__g&=-9),t.__e=n.__e,t.__k=n.__k,t.__k.some(function(v){v&&(v.__=t)}),ve.push.apply(c.__h,c.__k),c.__k=[],c.__h.length&&i.push(c),u=j(n);break e}c.componentWillUpdate&&c.componentWillUpdate(C,c.__s,w),S&&c.componentDidUpdate&&c.__h.push(function(){c.componentDidUpdate($,x,_)})}else S&&!p.getDerivedStateFromProps&&c.componentWillMount&&c.componentWillMount(),S&&c.componentDidMount&&c.__h.push(c.componentDidMount);c.context=w,c.props=C,c.__P=e,c.__g&=-5,L=A.__r,B=S?25:0;do c.__g&=-9,L&&L(t),s=c.render(c.props,c.state=c.__s,c.context);while(8&c.__g&&++B<25);S&&(ve.push.apply(c.__h,c.__k),c.__k=[]),c.state=c.__s,c.getChildContext&&(o=G({},o,c.getChildContext())),S&&n.__c&&c.getSnapshotBeforeUpdate&&(_=c.getSnapshotBeforeUpdate($,x)),D=s&&s.type===ye&&s.key==null?s.props.children:s,C.__P&&(s=u,a=(e=C.__P).namespaceURI,f=r=null,n.props&&n.props.__P!=e&&(n.__k.some(function(v){v&&Be(v,v)}),n.__k=null),u=n.__k?j(n,0):null),u=ft(e,Oe(D)?D:[D],t,n,o,a,r,i,u,f,h),C.__P&&(t.__e=null,u=s),t.__u&=-161,b&&b.some(K),c.__h.length&&i.push(c),1&c.__g&&(c.__g&=-4)}catch(v){if(i.length=l,t.__v=null,f||r)if(v&&v.then){if(t.__u|=128|f,r){for(~(T=r.indexOf(u||void 0))||(T=r.length);(d=r[T-1])&&d.nodeType==8;)T--;for(;T<r.length;T++)if(d=r[T])if(r[T]=null,F){if(d==g)break}else{if(d.nodeType!=8)break;d.data.startsWith("$s")&&(g=$e(F=d))}}if(!F){for(;u&&u.nodeType==8&&u.nextSibling;)u=u.nextSibling;F=u}(s=$e(F=t.__c.__z||(t.__c.__z=F)))?(t.__e=F,u=s):t.__e=u,u=u&&u.nextSibling}else r&&r.some(K);else t.__e=n.__e;t.__k||(t.__k=n.__k||[]),v&&v.then||mt(t),A.__e(v,t,n)}}else u=t.__e=dn(n.__e,t,n,o,a,r,i,f,h,e);return(s=A.diffed)&&s(t),u}function $e(e,t){if(e&&e.nodeType==8&&e.data.startsWith("$s"))for(var n=1;e=e.nextSibling;){if(e.nodeType==8){if(e.data.startsWith("$s"))n++;else if(e.data.startsWith("/$s")&&!--n)return e}t&&t.push(e)}}function mt(e){e&&(e.__c&&(e.__c.__g|=4),e.__k&&e.__k.some(mt))}function ht(e,t,n){for(var o=0;o<n.length;)He(n[o++],n[o++],n[o++]);A.__c&&A.__c(t,e),e.some(function(a){try{e=a.__h,a.__h=[],e.some(function(r){r.call(a)})}catch(r){A.__e(r,a.__v)}})}function dn(e,t,n,o,a,r,i,u,f,h){var s,b,l,c,$,x,_,C,S=n.props||ge,k=t.props,w=t.type;if(w=="svg"?a="http://www.w3.org/2000/svg":w=="math"?a="http://www.w3.org/1998/Math/MathML":a||(a="http://www.w3.org/1999/xhtml"),r){for(s=0;s<r.length;s++)if(($=r[s])&&(w?$.localName==w:$.nodeType==3)){e=$,r[s]=null;break}}if(!e){if(C=h.ownerDocument||document,!w)return C.createTextNode(k);e=C.createElementNS(a,w,k.is?k:h),u&&(A.__m&&A.__m(t,r),u=!1),r=null}if(w){if(h=w=="template"&&e.content||e,r=w=="textarea"&&k.defaultValue!=null?null:r&&Le.call(h.childNodes),!u&&r)for(S={},s=0;s<e.attributes.length;s++)S[($=e.attributes[s]).name]=$.value;for(s in S)$=S[s],s=="dangerouslySetInnerHTML"?l=$:s=="children"||s in k||s=="value"&&"defaultValue"in k||s=="checked"&&"defaultChecked"in k||pe(e,s,null,$,a);for(s in k)$=k[s],s=="children"?c=$:s=="dangerouslySetInnerHTML"?b=$:s=="value"?x=$:s=="checked"?_=$:u&&typeof $!="function"||S[s]===$||pe(e,s,$,S[s],a);b?(u||l&&(b.__html==l.__html||b.__html==e.innerHTML)||(e.innerHTML=b.__html),t.__k=[]):(l&&(e.textContent=""),(w=="foreignObject"||a=="http://www.w3.org/1998/Math/MathML"&&sn.test(w))&&(a="http://www.w3.org/1999/xhtml"),ft(h,Oe(c)?c:[c],t,n,o,a,r,i,r?r[0]:n.__k&&j(n,0),u,f),r&&r.some(K)),u&&w!="textarea"||(s="value",w=="progress"&&x==null?e.removeAttribute(s):x==null||x===e[s]&&(w!="progress"||x)||pe(e,s,x,S[s],a),s="checked",_!=null&&_!=e[s]&&pe(e,s,_,S[s],a))}else S===k||u&&e.data==k||(e.data=k);return e}function He(e,t,n,o){try{typeof e=="function"?t?t.__x=e(t)||1:o&&(o=o.__c||o.__e)&&(t=o.__x)&&(o.__x=null,typeof t=="function"?t():e(null)):e.current=t}catch(a){A.__e(a,n)}}function Be(e,t,n){var o,a,r,i;if(A.unmount&&A.unmount(e),!(o=e.ref)||o.current&&o.current!=e.__e||He(o,null,t,e),o=e.__c){if(o.componentWillUnmount)try{o.componentWillUnmount()}catch(u){A.__e(u,t)}o.__P=o.__n=null}if(o=e.__k)for(i=0;i<o.length;i++)o[i]&&Be(o[i],t,typeof e.type!="function"||n&&!e.props.__P);!n&&(o=e.__c)&&(o=o.__z)&&(a=$e(o,r=[]))&&(o==e.__e&&r.some(K),K(a),K(o)),n||K(e.__e),e.__e=e.__c=e.__=null}function _n(e,t,n){return this.constructor(e,n)}function $t(e,t){var n,o,a,r;A.__&&A.__(e,t),t.nodeType==9&&(t=t.documentElement),o=(n=e&&32&e.__u)?null:t.__k,t.__k=se(ye,{children:[e]}),a=[],r=[],Fe(t,t.__k,o||ge,ge,t.namespaceURI,o?null:t.firstChild?Le.call(t.childNodes):null,a,o?o.__e:t.firstChild,n,r),ht(a,t.__k,r),t.__k.props.children=null}A={__e:function(e,t,n,o){for(var a,r,i;t=t.__;)if((a=t.__c)&&!(1&a.__g)){a.__g|=4;try{if((i=(r=a.constructor)&&r.getDerivedStateFromError)&&a.setState(r.getDerivedStateFromError(e)),a.componentDidCatch&&(a.componentDidCatch(e,o||{}),i=1),i&&8&a.__g)return void(a.__g|=2)}catch(u){e=u}}throw be=0,e}},it=0,on=function(e){return e!=null&&e.constructor===ae},he.prototype.setState=function(e,t){var n=this.__s;n&&n!=this.state||(n=this.__s=G({},this.state)),typeof e=="function"&&(e=e(G({},n),this.props)),e&&(G(n,e),this.__v&&(t&&this.__k.push(t),st(this)))},he.prototype.forceUpdate=function(e){this.__v&&(this.__g|=4,e&&this.__h.push(e),st(this))},he.prototype.render=ye,J=[],be=0,lt=function(e,t){return e.__v.__b-t.__v.__b},me=Symbol(),ct=/(PointerCapture)$|Capture$/i,De=0,Ne={},rn=0;var le,O,Ue,bt,qe=Object.is,xe=0,It=[],We=[],R=A,gt=R.__b,vt=R.__r,yt=R.diffed,xt=R.__c,wt=R.unmount,St=R.__;function je(e,t){R.__h&&R.__h(O,e,xe||t),xe=0;var n=O.__H||(O.__H={__:[],__h:[]});return e>=n.__.length&&n.__.push({}),n.__[e]}function y(e){return xe=1,fn(kt,e)}function fn(e,t,n){var o=je(le++,2);if(o.t=e,!o.__c&&(o.__=[n?n(t):kt(void 0,t),function(r){var i=(o.__N||o.__)[0],u=o.t(i,r);qe(i,u)||(o.__N=[u,o.__[1]],o.__c.setState({}))}],o.__c=O,!O.__f)){O.__f=!0;var a=O.shouldComponentUpdate;O.shouldComponentUpdate=function(r,i,u){var f=this.__H;if(!f)return!0;var h=!1,s=this.props!=r;if(f.__.some(function(l){l.__N&&(h=!0,qe(l.__[0],l.__N[0])||(s=!0))}),a){var b=a.call(this,r,i,u);return h?b||s:b}return!h||s}}return o.__}function M(e,t){var n=je(le++,3);!R.__s&&Tt(n.__H,t)&&(n.__P=!0,n.__=e,n.u=t,O.__H.__h.push(n))}function ce(e){return xe=5,pn(function(){return{current:e}},[])}function pn(e,t){var n=je(le++,7);return Tt(n.__H,t)&&(n.__=e(),n.__H=t),n.__}function mn(){var e;do{for(;e=We.shift();)try{ie(e)}catch(n){R.__e(n,{__:(e=e.__P)&&e.__v})}for(;e=It.shift();){var t=e.__H;if(e.__P&&t)try{t.__h.some(ie),t.__h.some(Je),t.__h=[]}catch(n){t.__h=[],R.__e(n,e.__v)}}}while(We.length)}R.__b=function(e){O=null,gt&&gt(e)},R.__=function(e,t){e&&t.__k&&t.__k.__m&&(e.__m=t.__k.__m),St&&St(e,t)},R.__r=function(e){vt&&vt(e),le=0;var t=(O=e.__c).__H;t&&(Ue==O?O.__h=[]:(t.__h.some(ie),t.__h.some(Je),le=0),t.__h=[],t.__.some(function(n){n.__N&&(n.__=n.__N),n.u=n.__N=void 0})),Ue=O},R.diffed=function(e){yt&&yt(e);var t=e.__c;t&&t.__H&&(t.__H.__h.length&&Et(It.push(t)),t.__H.__.some(function(n){n.u&&(n.__H=n.u)})),Ue=O=null},R.__c=function(e,t){t.some(function(n){try{n.__h.some(ie),n.__h=n.__h.filter(function(o){return!o.__||Je(o)})}catch(o){n.__h=[function(){throw o}]}}),xt&&xt(e,t)},R.unmount=function(e){wt&&wt(e);var t,n,o=e.__c;o&&o.__H&&(o.__H.__.some(function(a){try{if(a.__P&&a.__c){if(n===void 0){for(n=e.__;n&&(!n.__c||!n.__c.__P);)n=n.__;n=n&&n.__c}a.__P=n,Et(We.push(a))}else ie(a)}catch(r){t=r}}),o.__H=void 0,t&&R.__e(t,o.__v))};var Ct=typeof requestAnimationFrame=="function";function hn(e){var t,n=function(){clearTimeout(o),Ct&&cancelAnimationFrame(t),setTimeout(e)},o=setTimeout(n,35);Ct&&(t=requestAnimationFrame(n))}function Et(e){e!=1&&bt==R.requestAnimationFrame||((bt=R.requestAnimationFrame)||hn)(mn)}function ie(e){var t=O,n=e.__c;typeof n=="function"&&(e.__c=void 0,n()),O=t}function Je(e){var t=O;e.__c=e.__(),O=t}function Tt(e,t){return!e||e.length!=t.length||t.some(function(n,o){return!qe(n,e[o])})}function kt(e,t){return typeof t=="function"?t(e):t}var ne=class extends Error{constructor(t,n){super(t),this.name="ParseError",this.type=n.type,this.field=n.field,this.value=n.value,this.line=n.line}};var we=10,Se=13,Y=32,At=6;function Ve(e){if(typeof e=="function")throw new TypeError("`config` must be an object, got a function instead. Did you mean `createParser({onEvent: fn})`?");let{maxBufferSize:t,onComment:n,onError:o,onEvent:a,onId:r,onRetry:i}=e,u=[],f=0,h="",s,b="",l=0,c,$=!1,x=!1,_=!1;function C(d){if($)throw new Error("Cannot feed parser: it was terminated after exceeding the configured max buffer size. Call `reset()` to resume parsing.");if(h!==void 0){if(d=h+d,d===""||d==="\xEF"||d==="\xEF\xBB"){h=d;return}h=void 0,d=d.replace(/^(?:\uFEFF|\xEF\xBB\xBF)/,"")}if((x||_)&&(d=S(d),!d))return;if(!u.length){let v=B(d);v!==""&&k(v),L();return}if(d.indexOf(`
`)===-1&&d.indexOf("\r")===-1){if(f<At){let v=u.join("")+d.slice(0,At-f);if(!w(v)){u.length=0,f=0,x=!0;return}}u.push(d),f+=d.length,L();return}u.push(d);let p=u.join("");u.length=0,f=0,k(B(p)),L()}function S(d){if(d.length===0)return d;if(_)return _=!1,d.charCodeAt(0)===we?d.slice(1):d;let p=d.indexOf("\r"),v=d.indexOf(`
`),I=p===-1?v:v===-1||p<v?p:v;return I===-1?"":I===d.length-1&&d.charCodeAt(I)===Se?(x=!1,_=!0,""):(x=!1,d.slice(I+(d.charCodeAt(I)===Se&&d.charCodeAt(I+1)===we?2:1)))}function k(d){if(d){if(d.charCodeAt(d.length-1)===Se){if(D(d,0,d.length-1),L())return;_=!0;return}if(w(d)){u.push(d),f=d.length;return}x=!0}}function w(d){let p=d.charCodeAt(0);return p===58&&!!n||p===100&&Ce(d,"data")||p===101&&Ce(d,"event")||p===105&&Ce(d,"id")||p===114&&Ce(d,"retry")}function L(){return $?!0:t===void 0||f+b.length<=t?!1:($=!0,u.length=0,f=0,s=void 0,b="",l=0,c=void 0,x=!1,_=!1,o?.(new ne(`Buffered data exceeded max buffer size of ${t} characters`,{type:"max-buffer-size-exceeded"})),!0)}function B(d){let p=0;if(d.indexOf("\r")===-1){let E=d.indexOf(`
`,p);for(;E!==-1;){if(p===E){s!==void 0&&r?.(s),l>0&&a?.({id:s,event:c,data:b}),s=void 0,b="",l=0,c=void 0,p=E+1,E=d.indexOf(`
`,p);continue}let U=d.charCodeAt(p);if(Mt(d,p,U)){let te=d.charCodeAt(p+5)===Y?p+6:p+5,z=d.slice(te,E);if(l===0&&d.charCodeAt(E+1)===we){s!==void 0&&r?.(s),a?.({id:s,event:c,data:z}),s=void 0,b="",c=void 0,p=E+2,E=d.indexOf(`
`,p);continue}b=l===0?z:`${b}
${z}`,l++}else Pt(d,p,U)?c=d.slice(d.charCodeAt(p+6)===Y?p+7:p+6,E)||void 0:D(d,p,E);if(L())return"";p=E+1,E=d.indexOf(`
`,p)}return d.slice(p)}let v=d.indexOf("\r",p),I=d.indexOf(`
`,p);for(;p<d.length;){let E=-1;if(v!==-1&&I!==-1?E=v<I?v:I:v!==-1?v===d.length-1?E=-1:E=v:I!==-1&&(E=I),E===-1)break;if(D(d,p,E),L())return"";p=E+1,d.charCodeAt(p-1)===Se&&d.charCodeAt(p)===we&&p++,v!==-1&&v<p&&(v=d.indexOf("\r",p)),I!==-1&&I<p&&(I=d.indexOf(`
`,p))}return d.slice(p)}function D(d,p,v){if(p===v){g();return}let I=d.charCodeAt(p);if(Mt(d,p,I)){let q=d.charCodeAt(p+5)===Y?p+6:p+5,W=d.slice(q,v);b=l===0?W:`${b}
${W}`,l++;return}if(Pt(d,p,I)){c=d.slice(d.charCodeAt(p+6)===Y?p+7:p+6,v)||void 0;return}if(I===105&&d.charCodeAt(p+1)===100&&d.charCodeAt(p+2)===58){let q=d.slice(d.charCodeAt(p+3)===Y?p+4:p+3,v);q.includes("\0")||(s=q);return}if(I===58){if(n){let q=d.slice(p,v);n(q.slice(d.charCodeAt(p+1)===Y?2:1))}return}let E=d.slice(p,v),U=E.indexOf(":");if(U===-1){F(E,"",E);return}let te=E.slice(0,U),z=E.charCodeAt(U+1)===Y?2:1,fe=E.slice(U+z);F(te,fe,E)}function F(d,p,v){switch(d){case"event":c=p||void 0;break;case"data":b=l===0?p:`${b}
${p}`,l++;break;case"id":p.includes("\0")||(s=p);break;case"retry":/^\d+$/.test(p)?i?.(parseInt(p,10)):o?.(new ne(`Invalid \`retry\` value: "${p}"`,{type:"invalid-retry",value:p,line:v}));break;default:o?.(new ne(`Unknown field "${d.length>20?`${d.slice(0,20)}\u2026`:d}"`,{type:"unknown-field",field:d,value:p,line:v}));break}}function g(){s!==void 0&&r?.(s),l>0&&a?.({id:s,event:c,data:b}),s=void 0,b="",l=0,c=void 0}function T(d={}){if(d.consume&&u.length>0){let p=u.join("");D(p,0,p.length)}h="",s=void 0,b="",l=0,c=void 0,u.length=0,f=0,$=!1,x=!1,_=!1}return{feed:C,reset:T}}function Mt(e,t,n){return n===100&&e.charCodeAt(t+1)===97&&e.charCodeAt(t+2)===116&&e.charCodeAt(t+3)===97&&e.charCodeAt(t+4)===58}function Pt(e,t,n){return n===101&&e.charCodeAt(t+1)===118&&e.charCodeAt(t+2)===101&&e.charCodeAt(t+3)===110&&e.charCodeAt(t+4)===116&&e.charCodeAt(t+5)===58}function Ce(e,t){let n=1;for(;n<e.length&&n<t.length;){if(e.charCodeAt(n)!==t.charCodeAt(n))return!1;n++}return e.length<=t.length||e.charCodeAt(t.length)===58}var Ke="titan.token",Rt="/api/titan.ManagerService/",X=class extends Error{status;code;constructor(t,n,o){super(o),this.status=t,this.code=n,this.name="ApiError"}};function Ee(){return sessionStorage.getItem(Ke)??""}function Ie(e){e?sessionStorage.setItem(Ke,e):sessionStorage.removeItem(Ke)}function Nt(e={}){let t=Ee();return{"content-type":"application/json",...t?{authorization:`Bearer ${t}`}:{},...e}}async function Dt(e){let t=await e.json().catch(()=>({}));return new X(e.status,t.code??"UNKNOWN",t.message??e.statusText)}async function ue(e,t){let n=await fetch(e,{method:"POST",headers:Nt(),body:JSON.stringify(t)});if(!n.ok)throw await Dt(n);return await n.json()}function N(e,t={}){return ue(Rt+e,t)}function Ot(){return ue("/api/dashboard/Overview",{})}function Lt(){return ue("/api/dashboard/History",{})}var Qe;function Te(){return Qe??=ue("/api/dashboard/Schema",{}).catch(e=>{throw Qe=void 0,e}),Qe}var ze=new Map;function oe(e){let t=ze.get(e);return t||(t=N(e,{}).then(()=>!0,n=>{if(n instanceof X&&n.code==="UNIMPLEMENTED")return!1;throw ze.delete(e),n}),ze.set(e,t)),t}function Ft(e,t){return ue("/api/dashboard/SearchJobs",{...e,text:t})}async function Ht(e,t,n,o){let a=await fetch(e,{method:"POST",headers:Nt({accept:"text/event-stream"}),body:JSON.stringify(t),signal:o});if(!a.ok)throw await Dt(a);let r=Ve({onEvent:f=>n(f.event??"message",JSON.parse(f.data))}),i=a.body.getReader(),u=new TextDecoder;try{for(;;){let{done:f,value:h}=await i.read();if(f)return;r.feed(u.decode(h,{stream:!0}))}}catch(f){if(o.aborted)return;throw f}}function Bt(e,t,n){return Ht(Rt+"WatchJob",{jobId:e,fromStart:!0},t,n)}function Ut(e,t,n){return Ht("/api/dashboard/WatchJobs",{jobIds:e},t,n)}function qt(e){let t=atob(e),n=new Uint8Array(t.length);for(let o=0;o<t.length;o++)n[o]=t.charCodeAt(o);return n}var Jt=function(e,t,n,o){var a;t[0]=0;for(var r=1;r<t.length;r++){var i=t[r++],u=t[r]?(t[0]|=i?1:2,n[t[r++]]):t[++r];i===3?o[0]=u:i===4?o[1]=Object.assign(o[1]||{},u):i===5?(o[1]=o[1]||{})[t[++r]]=u:i===6?o[1][t[++r]]+=u+"":i?(a=e.apply(u,Jt(e,u,n,["",null])),o.push(a),u[0]?t[0]|=2:(t[r-2]=0,t[r]=a)):o.push(u)}return o},Wt=new Map;function Ge(e){var t=Wt.get(this);return t||(t=new Map,Wt.set(this,t)),(t=Jt(this,t.get(e)||(t.set(e,t=function(n){for(var o,a,r=1,i="",u="",f=[0],h=function(l){r===1&&(l||(i=i.replace(/^\s*\n\s*|\s*\n\s*$/g,"")))?f.push(0,l,i):r===3&&(l||i)?(f.push(3,l,i),r=2):r===2&&i==="..."&&l?f.push(4,l,0):r===2&&i&&!l?f.push(5,0,!0,i):r>=5&&((i||!l&&r===5)&&(f.push(r,0,i,a),r=6),l&&(f.push(r,l,0,a),r=6)),i=""},s=0;s<n.length;s++){s&&(r===1&&h(),h(s));for(var b=0;b<n[s].length;b++)o=n[s][b],r===1?o==="<"?(h(),f=[f],r=3):i+=o:r===4?i==="--"&&o===">"?(r=1,i=""):i=o+i[0]:u?o===u?u="":i+=o:o==='"'||o==="'"?u=o:o===">"?(h(),r=1):r&&(o==="="?(r=5,a=i,i=""):o==="/"&&(r<5||n[s][b+1]===">")?(h(),r===3&&(f=f[0]),r=f,(f=f[0]).push(2,0,r),r=0):o===" "||o==="	"||o===`
`||o==="\r"?(h(),r=2):i+=o),r===3&&i==="!--"&&(r=4,f=f[0])}return h(),f}(e)),t),arguments,[])).length>1?t:t[0]}var $n=Ge.default??Ge,m=$n.bind(ut);var bn=5e3,Ye=600,de=150;function Xe(e){return Number.isInteger(e)?String(e):Math.abs(e)>=100?e.toFixed(0):Math.abs(e)>=1?e.toFixed(1):e.toPrecision(2)}function ke({title:e,unit:t,series:n,minScale:o=1}){let a=n.flatMap($=>$.points),r=a.map(([$])=>$),i=a.map(([,$])=>$).filter($=>$!==null),u=Math.min(...r,Date.now()-36e5),f=Math.max(...r,Date.now()),h=Math.max(...i,o)*1.1,s=$=>($-u)/(f-u||1)*Ye,b=$=>de-$/h*de,l=$=>[...$.points].reverse().find(([,x])=>x!==null)?.[1],c=n.map($=>`${$.label} ${Xe(l($)??0)}`).join(", ");return m`
    <figure class="card chart">
      <figcaption>
        <h2>${e}</h2>
        <ul class="legend">
          ${n.map($=>m`<li class=${$.cls}><span class="swatch"></span>${$.label}
            <strong data-series=${$.label}>${Xe(l($)??0)}</strong> ${t}</li>`)}
        </ul>
      </figcaption>
      <svg viewBox=${`0 0 ${Ye} ${de}`} preserveAspectRatio="none" role="img"
        aria-label=${`${e}, last hour; now: ${c}`}>
        <line x1="0" y1=${de} x2=${Ye} y2=${de} class="axis" />
        ${n.map($=>{let x=[],_=[];for(let[C,S]of $.points)S===null?(_.length&&x.push(_.join(" ")),_=[]):_.push(`${s(C).toFixed(1)},${b(S).toFixed(1)}`);return _.length&&x.push(_.join(" ")),x.map(C=>m`<polyline class=${`line ${$.cls}`} points=${C} />`)})}
      </svg>
      <div
        class="scale muted"><span>1 h ago</span><span>max ${Xe(h/1.1)} ${t}</span><span>now</span></div>
    </figure>
  `}function Ze(e,t){let n=[];for(let o=1;o<e.length;o++){let a=(e[o].t-e[o-1].t)/1e3;a>0&&n.push([e[o].t,Math.max(0,e[o][t]-e[o-1][t])/a])}return n}function jt(){let[e,t]=y([]),[n,o]=y("");M(()=>{let i=()=>Lt().then(f=>{t(f.samples),o("")}).catch(f=>o(f.message));i();let u=setInterval(i,bn);return()=>clearInterval(u)},[]);let a=e[e.length-1],r=i=>e.map(u=>[u.t,u[i]]);return m`
    <h1>Last hour</h1>
    ${n?m`<p class="error" role="alert">${n}</p>`:null}
    ${a?m`<p class="muted totals">${`As of ${new Date(a.t).toLocaleTimeString()}, since the manager started: `}
          <span data-total="submitted">${a.submitted}</span>${" submitted, "}
          <span data-total="completed">${a.completed}</span>${" completed, "}
          <span data-total="failed">${a.failed}</span>${" failed, "}
          <span data-total="cancelled">${a.cancelled}</span>${" cancelled."}</p>`:null}
    <div class="charts">
      <${ke} title="Jobs finished per second" unit="/s" minScale=${.1} series=${[{label:"completed",cls:"c-completed",points:Ze(e,"completed")},{label:"failed",cls:"c-failed",points:Ze(e,"failed")},{label:"cancelled",cls:"c-cancelled",points:Ze(e,"cancelled")}]} />
      <${ke} title="Queue length" unit="jobs" series=${[{label:"waiting",cls:"c-pending",points:r("queueLength")}]} />
      <${ke} title="Queue wait" unit="s" minScale=${.01} series=${[{label:"p50",cls:"c-completed",points:r("waitP50")},{label:"p99",cls:"c-failed",points:r("waitP99")}]} />
      <${ke} title="Running attempts and slots" unit="" series=${[{label:"running",cls:"c-running",points:r("running")},{label:"slots",cls:"c-slots",points:r("slots")}]} />
    </div>
  `}var gn=["COMPLETED","FAILED","CANCELLED"],Vt=["PENDING","SCHEDULED","RUNNING","COMPLETED","FAILED","CANCELLED"],re=e=>gn.includes(e),Ae=e=>e.replace(/^WORKER_STATE_/,"");function Z(e,t=Date.now()){if(!e)return"";let n=Math.max(0,Math.round((t-Date.parse(e))/1e3));return n<60?`${n} s ago`:n<3600?`${Math.floor(n/60)} min ago`:n<86400?`${Math.floor(n/3600)} h ago`:`${Math.floor(n/86400)} d ago`}function V(e){return e?new Date(e).toLocaleString():"\u2014"}function Qt(e,t,n=Date.now()){if(!e)return"\u2014";let o=(t?Date.parse(t):n)-Date.parse(e);return o<1e3?`${o} ms`:o<6e4?`${(o/1e3).toFixed(1)} s`:`${Math.floor(o/6e4)} min ${Math.round(o%6e4/1e3)} s`}function Me(e){return e<1024?`${e} B`:e<1024*1024?`${(e/1024).toFixed(1)} KiB`:`${(e/1024/1024).toFixed(1)} MiB`}var Q=e=>e.slice(-12);function Pe(e,t){let n={};for(let[o,a]of e.split(`
`).entries()){let r=a.trim();if(!r)continue;let i=r.indexOf("=");if(i<=0)throw new Error(`${t} line ${o+1}: expected NAME=VALUE, got "${r}"`);n[r.slice(0,i).trim()]=r.slice(i+1)}return n}var ee=e=>Object.entries(e??{}).map(([t,n])=>`${t}=${n}`).join(`
`);function _e(e){return!!e&&(e.cpuMillis>0||e.memoryMb>0||Object.keys(e.devices??{}).length>0)}function zt(e){let t=[];e.cpuMillis&&t.push(`${e.cpuMillis/1e3} cores`),e.memoryMb&&t.push(`${e.memoryMb} MiB`);for(let[n,o]of Object.entries(e.devices??{}))t.push(`${n} ${o}`);return t.join(", ")}var vn=50,yn=2e3,xn=1e4;function et({state:e}){return m`<span class=${`badge s-${e.toLowerCase()}`}>${e}</span>`}function Kt(){let[e,t]=y([]),[n,o]=y(""),[a,r]=y(""),[i,u]=y([""]),[f,h]=y([]),[s,b]=y(""),[l,c]=y({}),[$,x]=y(""),_=i[i.length-1],C=ce(0),S=async()=>{let g=++C.current;try{let T={states:e,pageSize:vn,pageToken:_},d=a?await Ft(T,a):await N("ListJobs",T);if(g!==C.current)return;h(d.jobs),b(d.nextPageToken),x("")}catch(T){x(T.message)}Ot().then(T=>c(T.counts)).catch(()=>{})};M(()=>{if(S(),_!=="")return;let g=setInterval(S,a?xn:yn);return()=>clearInterval(g)},[e.join(),a,_]);let k=f.filter(g=>!re(g.state)).map(g=>g.jobId),[w,L]=y(0);M(()=>{if(k.length===0)return;let g=new AbortController,T;return Ut(k,(d,p)=>{if(d!=="status")return;let v=p;h(I=>I.map(E=>E.jobId===v.jobId?{...E,...v}:E))},g.signal).catch(()=>{}).finally(()=>{g.signal.aborted||(T=setTimeout(()=>L(d=>d+1),2e3))}),()=>{g.abort(),clearTimeout(T)}},[k.join(),w]);let B=g=>{t(T=>T.includes(g)?T.filter(d=>d!==g):[...T,g]),u([""])},D=Object.values(l).reduce((g,T)=>g+T,0),F=f.some(g=>g.queue&&g.queue!=="default");return m`
    <h1>Jobs</h1>
    <div class="counts" role="group" aria-label="Filter by state">
      ${Vt.map(g=>m`
          <button class=${`count s-${g.toLowerCase()}`} aria-pressed=${e.includes(g)}
            onClick=${()=>B(g)}>
            <span class="n" data-state=${g}>${l[g]??0}</span> ${g}
          </button>
        `)}
      <span class="muted total">${D} in all</span>
    </div>
    <form class="search" role="search" onSubmit=${g=>{g.preventDefault(),r(n.trim()),u([""])}}>
      <label for="q" class="sr">Search jobs by name or command</label>
      <input id="q" type="search" placeholder="Search names and commands" value=${n}
        onInput=${g=>o(g.target.value)} />
      <button type="submit">Search</button>
      ${a?m`<button type="button" onClick=${()=>{o(""),r(""),u([""])}}>Clear</button>`:null}
    </form>
    ${$?m`<p class="error" role="alert">${$}</p>`:null}
    <div class="table-wrap">
      <table class="jobs">
        <thead><tr>
          <th>Job</th><th>State</th><th class="wide">Command</th>
          ${F?m`<th class="opt">Queue</th>`:null}<th class="opt">Worker</th>
          <th class="opt">Attempt</th><th>Created</th>
        </tr></thead>
        <tbody>
          ${f.map(g=>m`
              <tr key=${g.jobId} data-job=${g.jobId}>
                <td><a href=${`#/jobs/${g.jobId}`} class="mono">${g.name||Q(g.jobId)}</a></td>
                <td>
                  <${et} state=${g.state} />
                </td>
                <td class="wide mono cmd" title=${g.command}>${g.command}</td>
                ${F?m`<td class="opt mono">${g.queue}</td>`:null}
                <td class="opt">${g.workerId||"\u2014"}</td>
                <td class="opt">${g.attempt||"\u2014"}</td>
                <td title=${g.createdAt}>${Z(g.createdAt)}</td>
              </tr>
            `)}
        </tbody>
      </table>
      ${f.length===0?m`<p class="muted">No jobs${e.length?" in these states":""}.</p>`:null}
    </div>
    <nav class="pager" aria-label="Pages">
      <button disabled=${i.length===1} onClick=${()=>u(g=>g.slice(0,-1))}>
        ← Newer</button>
      <span class="muted">Page ${i.length}</span>
      <button disabled=${!s} onClick=${()=>u(g=>[...g,s])}>Older →</button>
    </nav>
  `}function wn(e){let t={command:e.command,env:e.env,cwd:e.cwd,timeoutSeconds:e.timeoutSeconds,maxRetries:e.maxRetries,priority:e.priority};return e.name&&(t.name=e.name),e.queue&&(t.queue=e.queue),_e(e.resources)&&(t.resources=e.resources),e.selector&&Object.keys(e.selector).length&&(t.selector=e.selector),e.dependencies?.length&&(t.dependsOn=e.dependencies.map(n=>n.jobId),t.dependencyPolicy=e.dependencyPolicy),t}var Sn=2e3,Cn=3e3,nt=1e6,tt=e=>({attempt:e,stdout:"",stderr:"",stdoutBytes:0,stderrBytes:0,stdoutDropped:!1,stderrDropped:!1});function P({label:e,children:t}){return m`
    <dt>${e}</dt>
    <dd>${t}</dd>
  `}function En({job:e}){let t=e.dependencies??[];if(t.length===0)return null;let n=36,o=t.length*n,a=o/2,r=e.dependencyPolicy==="DEPENDENCY_POLICY_AFTER_COMPLETION"?"runs once they have all ended, whatever the outcome":"runs once they have all completed";return m`
    <section aria-label="Dependencies" class="deps">
      <h2>Depends on <span class="muted">(${r})</span></h2>
      <svg class="graph" viewBox=${`0 0 440 ${o}`} width="440" height=${o} role="img"
        aria-label=${`Depends on ${t.map(i=>`${i.name||i.jobId} (${i.state})`).join(", ")}`}>
        ${t.map((i,u)=>{let f=u*n+n/2;return m`
            <a href=${`#/jobs/${i.jobId}`}>
              <rect x="2" y=${f-13} width="210" height="26" rx="4"
                class=${`node s-${i.state.toLowerCase()}`} />
              <text x="10" y=${f+4}>${i.name||Q(i.jobId)} · ${i.state}</text>
            </a>
            <path d=${`M212 ${f} C 262 ${f}, 262 ${a}, 312 ${a}`} class="edge" />
          `})}
        <rect x="312" y=${a-13} width="124" height="26" rx="4"
          class=${`node s-${e.state.toLowerCase()}`} />
        <text x="320" y=${a+4}>${e.name||"this job"}</text>
      </svg>
    </section>
  `}function Gt({title:e,text:t,truncated:n,dropped:o,total:a,running:r}){let i=ce(null),u=ce(!0);M(()=>{i.current&&u.current&&(i.current.scrollTop=i.current.scrollHeight)},[t]);let f=()=>{let h=i.current;u.current=h.scrollHeight-h.scrollTop-h.clientHeight<24};return m`
    <section class="output" aria-label=${e}>
      <h2>${e} <span class="muted">${Me(a)}${r?" \xB7 following live":""}</span></h2>
      ${n?m`<p class="note">Output capped: the manager kept the first part of the ${Me(a)}
            written.</p>`:null}
      ${o?m`<p class="note">This page keeps the last ${Me(nt)} of live
            output; what came before is not shown here.</p>`:null}
      <pre tabIndex="0" ref=${i} onScroll=${f} data-stream=${e.toLowerCase()}
        aria-live="off">${t||" "}</pre>
    </section>
  `}function Yt({jobId:e}){let[t,n]=y(),[o,a]=y(tt(0)),[r,i]=y(""),[u,f]=y(""),[h,s]=y(!1),[,b]=y(0),l=t!==void 0&&!re(t.state);M(()=>{if(!l)return;let w=setInterval(()=>b(Date.now()),1e3);return()=>clearInterval(w)},[l]);let[c,$]=y({}),x=t?.state==="PENDING";M(()=>{let w=!1,L=()=>N("GetJobStatus",{jobId:e}).then(D=>{w||$({pendingReason:D.pendingReason,dependencies:D.dependencies})}).catch(()=>{});L();let B=x?setInterval(L,Cn):void 0;return()=>{w=!0,clearInterval(B)}},[e,x]),M(()=>{let w=new AbortController;i("");let L=!1,B,D=new Map,F=!0,g=(d,p)=>{if(d==="error"){i(p.message);return}if(d!=="message")return;let v=p;if(F&&(F=!1,D=new Map,a(tt(0)),i("")),v.status&&(n(v.status),re(v.status.state)&&(L=!0)),v.output){let I=v.output.stream==="OUTPUT_STREAM_STDERR"?"stderr":"stdout",E=v.output.attempt,U=`${I}/${E}`;D.has(U)||D.set(U,new TextDecoder);let te=qt(v.output.data),z=D.get(U).decode(te,{stream:!0});a(fe=>{let q=E>fe.attempt?tt(E):fe,W=q[I]+z,rt=q[`${I}Dropped`];return W.length>nt&&(W=W.slice(W.length-nt),rt=!0),{...q,[I]:W,[`${I}Bytes`]:q[`${I}Bytes`]+te.length,[`${I}Dropped`]:rt}})}},T=()=>{F=!0,s(!0),Bt(e,g,w.signal).catch(d=>i(d.message)).finally(()=>{s(!1),!L&&!w.signal.aborted&&(B=setTimeout(T,Sn))})};return T(),()=>{w.abort(),clearTimeout(B)}},[e]);let _=t&&{...t,...c,pendingReason:x?c.pendingReason:""};if(!_)return r?m`
        <h1>Job</h1>
        <p class="error" role="alert">${r}</p>
      `:m`<p class="muted">Loading…</p>`;let C=!re(_.state),S=async()=>{try{let w=await N("CancelJob",{jobId:e});f(`Cancel requested: ${w.state}`)}catch(w){i(w.message)}},k=async()=>{try{let w=await N("SubmitJob",wn(_));location.hash=`#/jobs/${w.jobId}`}catch(w){i(w.message)}};return m`
    <h1 class="job-title"><span class="mono">${_.name||_.jobId}</span>
      <${et} state=${_.state} /></h1>
    <div class="actions">
      ${C?m`<button class="danger" onClick=${S}>Cancel job</button>`:null}
      <button onClick=${k}>Submit again</button>
      <a class="button" href=${`#/submit?from=${e}`}>Edit and submit…</a>
    </div>
    ${u?m`<p class="notice" role="status">${u}</p>`:null}
    ${r?m`<p class="error" role="alert">${r}</p>`:null}
    <div class="grid2">
      <section class="card" aria-label="Outcome">
        <h2>Outcome</h2>
        <dl>
          <${P} label="State">${_.state}${_.timedOut?" (timed out)":""}<//>
          ${_.pendingReason?m`<${P} label="Waiting because">${_.pendingReason}<//>`:null}
          <${P} label="Attempt">${_.attempt||"not scheduled yet"}${_.maxRetries?` of up to ${_.maxRetries+1}`:""}<//>
          <${P} label="Worker">${_.workerId||"\u2014"}<//>
          <${P} label="Exit">${_.exitCode!==void 0?`code ${_.exitCode}`:_.signal?_.signal:"\u2014"}<//>
          ${_.error?m`<${P} label="Error"><span class="error-text">${_.error}</span><//>`:null}
          <${P} label="Created">${V(_.createdAt)}<//>
          <${P} label="Started">${V(_.startedAt)}<//>
          <${P} label="Finished">${V(_.finishedAt)}<//>
          <${P} label="Ran for">${Qt(_.startedAt,_.finishedAt)}<//>
          ${_.notBefore?m`<${P} label="Retry after">${V(_.notBefore)}<//>`:null}
        </dl>
      </section>
      <section class="card" aria-label="Spec">
        <h2>Spec</h2>
        <dl>
          <${P} label="Job id"><span class="mono">${_.jobId}</span><//>
          <${P} label="Command"><code class="cmd-full">${_.command}</code><//>
          <${P} label="Working dir">${_.cwd||"the worker's work dir"}<//>
          <${P} label="Environment"><code>${ee(_.env)||"\u2014"}</code><//>
          <${P} label="Timeout">${_.timeoutSeconds?`${_.timeoutSeconds} s`:"none"}<//>
          <${P} label="Retries">${_.maxRetries}<//>
          <${P} label="Priority">${_.priority}<//>
          ${_.idempotencyKey?m`<${P} label="Idempotency key">${_.idempotencyKey}<//>`:null}
          ${_.queue?m`<${P} label="Queue">${_.queue}<//>`:null}
          ${_e(_.resources)?m`<${P} label="Resources">${zt(_.resources)}<//>`:null}
          ${_.scheduleName?m`<${P} label="Schedule">${_.scheduleName} (fire time ${V(_.fireTime??"")})<//>`:null}
          ${_.selector&&Object.keys(_.selector).length?m`<${P} label="Selector">${ee(_.selector)}<//>`:null}
        </dl>
      </section>
    </div>
    <${En} job=${_} />
    <${Gt} title="Stdout" text=${o.stdout} truncated=${_.stdoutTruncated}
      dropped=${o.stdoutDropped}
      total=${Math.max(_.stdoutBytes,o.stdoutBytes)} running=${h&&C} />
    <${Gt} title="Stderr" text=${o.stderr} truncated=${_.stderrTruncated}
      dropped=${o.stderrDropped}
      total=${Math.max(_.stderrBytes,o.stderrBytes)} running=${h&&C} />
  `}function Xt({error:e,onToken:t}){let[n,o]=y("");return m`
    <main class="login" id="main">
      <h1>Titan</h1>
      <form class="card" onSubmit=${a=>{a.preventDefault(),n.trim()&&t(n.trim())}}>
        <label for="token">Client token</label>
        <p class="muted">The manager requires the client token (TITAN_TOKEN). It is kept in this
          tab only (sessionStorage) and sent as an Authorization header.</p>
        <input id="token" name="token" type="password" autocomplete="current-password" autofocus
          value=${n} onInput=${a=>o(a.target.value)} />
        ${e?m`<p class="error" role="alert">${e}</p>`:null}
        <button type="submit">Sign in</button>
      </form>
    </main>
  `}var In=3e3;function Tn({q:e,onSave:t}){let[n,o]=y(String(e.maxRunning)),a=`limit-${e.name}`;return m`
    <form class="inline" onSubmit=${r=>{r.preventDefault(),t(Number(n||0))}}>
      <label for=${a} class="sr">Most running at once in ${e.name} (0 = no limit)</label>
      <input id=${a} type="number" min="0" value=${n}
        onInput=${r=>o(r.target.value)} />
      <button type="submit">Set</button>
    </form>
  `}function Zt(){let[e,t]=y(),[n,o]=y([]),[a,r]=y([]),[i,u]=y(""),[f,h]=y(""),s=async()=>{try{e?.queues&&o((await N("ListQueues")).queues),e?.schedules&&r((await N("ListSchedules")).schedules),u("")}catch(l){u(l.message)}};M(()=>{Promise.all([oe("ListQueues"),oe("ListSchedules")]).then(([l,c])=>t({queues:l,schedules:c})).catch(l=>u(l.message))},[]),M(()=>{if(!e?.queues&&!e?.schedules)return;s();let l=setInterval(s,In);return()=>clearInterval(l)},[e?.queues,e?.schedules]);let b=async(l,c,$)=>{try{let x=await N(l,c);h($(x)),u(""),s()}catch(x){u(x.message)}};return e&&!e.queues&&!e.schedules?m`
      <h1>Queues & schedules</h1>
      <p class="muted">This manager serves neither queues nor schedules.</p>
    `:m`
    <h1>Queues & schedules</h1>
    ${i?m`<p class="error" role="alert">${i}</p>`:null}
    ${f?m`<p class="notice" role="status">${f}</p>`:null}
    ${e?.queues?m`
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
              <tbody>${n.map(l=>m`
                  <tr key=${l.name} data-queue=${l.name}>
                    <td class="mono">${l.name}</td>
                    <td>${l.paused?"paused":"active"}</td>
                    <td>${l.pending}</td>
                    <td>${l.running}</td>
                    <td>
                      <${Tn} q=${l} onSave=${c=>b("UpdateQueue",{name:l.name,maxRunning:c},()=>`${l.name}: at most ${c||"any number"} running`)} />
                    </td>
                    <td><button onClick=${()=>b("UpdateQueue",{name:l.name,paused:!l.paused},()=>`${l.name} ${l.paused?"resumed":"paused"}`)}>
                      ${l.paused?"Resume":"Pause"} ${l.name}</button></td>
                  </tr>
                `)}
            </tbody>
            </table>
          </div>
        </section>
      `:null}
    ${e?.schedules?m`
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
              <tbody>${a.map(l=>m`
                  <tr key=${l.name} data-schedule=${l.name}>
                    <td class="mono">${l.name}</td>
                    <td class="mono">${l.cron}${l.timezone?` (${l.timezone})`:""}</td>
                    <td class="wide mono cmd" title=${l.job?.command}>${l.job?.command}</td>
                    <td title=${l.nextFireTime}>${l.paused?"\u2014":V(l.nextFireTime)}</td>
                    <td>${l.lastJobId?m`<a href=${`#/jobs/${l.lastJobId}`} class="mono">${Q(l.lastJobId)}</a>
<span class="muted">${` \xB7 ${Z(l.lastFireTime)}`}</span>`:"\u2014"}</td>
                    <td>${l.paused?"paused":"active"}</td>
                    <td class="buttons">
                      <button onClick=${()=>b("UpdateSchedule",{name:l.name,paused:!l.paused},()=>`${l.name} ${l.paused?"resumed":"paused"}`)}>
                        ${l.paused?"Resume":"Pause"}</button>
                      <button onClick=${()=>b("TriggerSchedule",{name:l.name},c=>`${l.name} triggered: job ${c.jobId}`)}>Trigger now</button>
                    </td>
                  </tr>
                `)}
            </tbody>
            </table>
          </div>
        </section>
      `:null}
  `}var ot={name:"",command:"",env:"",cwd:"",timeoutSeconds:"0",maxRetries:"0",priority:"0",idempotencyKey:"",queue:"",cpu:"",memoryMb:"",devices:"",selector:"",dependsOn:"",dependencyPolicy:"DEPENDENCY_POLICY_AFTER_SUCCESS"};function H({id:e,label:t,hint:n,children:o}){return m`
    <div class="field">
      <label for=${e}>${t}</label>
      ${o}
      ${n?m`<small class="muted" id=${`${e}-hint`}>${n}</small>`:null}
    </div>
  `}function en({from:e}){let[t,n]=y(ot),[o,a]=y([]),[r,i]=y(""),[u,f]=y(!1);M(()=>{Te().then(l=>a(l.fields.JobSpec)).catch(()=>a([]))},[]),M(()=>{e&&N("GetJobStatus",{jobId:e}).then(l=>n({...ot,name:l.name??"",command:l.command,env:ee(l.env),cwd:l.cwd,timeoutSeconds:String(l.timeoutSeconds),maxRetries:String(l.maxRetries),priority:String(l.priority),queue:l.queue??"",cpu:l.resources?.cpuMillis?String(l.resources.cpuMillis/1e3):"",memoryMb:l.resources?.memoryMb?String(l.resources.memoryMb):"",devices:ee(l.resources?.devices),selector:ee(l.selector),dependsOn:(l.dependencies??[]).map(c=>c.jobId).join(`
`),dependencyPolicy:l.dependencyPolicy||ot.dependencyPolicy})).catch(l=>i(l.message))},[e]);let h=l=>c=>n({...t,[l]:c.target.value}),s=l=>o.includes(l);return m`
    <h1>Submit a job</h1>
    <form class="card submit" onSubmit=${async l=>{l.preventDefault(),i("");let c;try{if(c={command:t.command,env:Pe(t.env,"Environment"),cwd:t.cwd,timeoutSeconds:Number(t.timeoutSeconds||0),maxRetries:Number(t.maxRetries||0),priority:Number(t.priority||0),idempotencyKey:t.idempotencyKey},s("name")&&t.name&&(c.name=t.name),s("queue")&&t.queue&&(c.queue=t.queue),s("selector")&&t.selector&&(c.selector=Pe(t.selector,"Selector")),s("resources")&&(t.cpu||t.memoryMb||t.devices)){let $=Pe(t.devices,"Devices");c.resources={cpuMillis:Math.round(Number(t.cpu||0)*1e3),memoryMb:Number(t.memoryMb||0),devices:Object.fromEntries(Object.entries($).map(([x,_])=>[x,Number(_)]))}}s("dependsOn")&&t.dependsOn.trim()&&(c.dependsOn=t.dependsOn.split(/[\s,]+/).filter(Boolean),c.dependencyPolicy=t.dependencyPolicy)}catch($){i($.message);return}f(!0);try{let $=await N("SubmitJob",c);location.hash=`#/jobs/${$.jobId}`}catch($){i($.message)}finally{f(!1)}}} aria-describedby="submit-error">
      ${s("name")?m`<${H} id="f-name" label="Name">
        <input id="f-name" value=${t.name} onInput=${h("name")} /><//>`:null}
      <${H} id="f-command" label="Command" hint="Run by the worker (with sh -c when it uses shell syntax).">
        <textarea id="f-command" required rows="3" class="mono" value=${t.command}
          onInput=${h("command")}></textarea><//>
      <${H} id="f-env" label="Environment" hint="One NAME=value per line.">
        <textarea id="f-env" rows="2" class="mono" value=${t.env} onInput=${h("env")}></textarea><//>
      <${H} id="f-cwd" label="Working directory" hint="Absolute; empty = the worker's work dir.">
        <input id="f-cwd" class="mono" value=${t.cwd} onInput=${h("cwd")} /><//>
      <div class="row3">
        <${H} id="f-timeout" label="Timeout (s)">
          <input id="f-timeout" type="number" min="0" value=${t.timeoutSeconds}
            onInput=${h("timeoutSeconds")} /><//>
        <${H} id="f-retries" label="Retries">
          <input id="f-retries" type="number" min="0" value=${t.maxRetries}
            onInput=${h("maxRetries")} /><//>
        <${H} id="f-priority" label="Priority">
          <input id="f-priority" type="number" value=${t.priority} onInput=${h("priority")} /><//>
      </div>
      <${H} id="f-key" label="Idempotency key" hint="A second submit with the same key returns the first job.">
        <input id="f-key" value=${t.idempotencyKey} onInput=${h("idempotencyKey")} /><//>
      ${s("queue")?m`<${H} id="f-queue" label="Queue">
        <input id="f-queue" value=${t.queue} onInput=${h("queue")} /><//>`:null}
      ${s("resources")?m`
          <div class="row3">
            <${H} id="f-cpu" label="CPU (cores)">
              <input id="f-cpu" type="number" min="0" step="0.001" value=${t.cpu}
                onInput=${h("cpu")} /><//>
            <${H} id="f-memory" label="Memory (MiB)">
              <input id="f-memory" type="number" min="0" value=${t.memoryMb}
                onInput=${h("memoryMb")} /><//>
            <${H} id="f-devices" label="Devices" hint="name=count per line, e.g. gpu=1.">
              <textarea id="f-devices" rows="1" class="mono" value=${t.devices}
                onInput=${h("devices")}></textarea><//>
          </div>
        `:null}
      ${s("selector")?m`
          <${H} id="f-selector" label="Worker selector"
            hint="One label=value per line: the worker must have them all.">
            <textarea id="f-selector" rows="2" class="mono" value=${t.selector}
              onInput=${h("selector")}></textarea>
            <//>
        `:null}
      ${s("dependsOn")?m`
          <${H} id="f-deps" label="Depends on" hint="Job ids, one per line: this job waits for them.">
            <textarea id="f-deps" rows="2" class="mono" value=${t.dependsOn}
              onInput=${h("dependsOn")}></textarea><//>
          ${s("dependencyPolicy")?m`<${H} id="f-policy" label="Run when the dependencies">
          <select id="f-policy" value=${t.dependencyPolicy} onChange=${h("dependencyPolicy")}>
            <option value="DEPENDENCY_POLICY_AFTER_SUCCESS">all completed</option>
            <option value="DEPENDENCY_POLICY_AFTER_COMPLETION">all ended, whatever the outcome</option>
          </select><//>`:null}
        `:null}
      <p id="submit-error" class="error" role="alert">${r}</p>
      <button type="submit" disabled=${u}>Submit</button>
    </form>
  `}var kn=2e3;function tn({used:e,total:t,label:n}){let o=t>0?Math.min(100,Math.round(e/t*100)):0;return m`
    <div class="meter" role="meter" aria-label=${n} aria-valuemin="0" aria-valuemax=${t}
      aria-valuenow=${e}>
      <span class="bar" style=${`width:${o}%`}></span>
      <span class="meter-text">${e} of ${t} ${n}</span>
    </div>
  `}function An(e,t){let n=[];e.cpuMillis&&n.push(["cores",(t?.cpuMillis??0)/1e3,e.cpuMillis/1e3]),e.memoryMb&&n.push(["MiB",t?.memoryMb??0,e.memoryMb]);for(let[o,a]of Object.entries(e.devices??{}))n.push([o,t?.devices?.[o]??0,a]);return n.map(([o,a,r])=>m`<${tn} used=${a} total=${r} label=${o} />`)}function nn(){let[e,t]=y([]),[n,o]=y({}),[a,r]=y(""),[i,u]=y(""),f=async()=>{try{let{workers:s}=await N("ListWorkers",{});t(s);let{jobs:b}=await N("ListJobs",{states:["SCHEDULED","RUNNING"],pageSize:1e3}),l={};for(let c of b)(l[c.workerId]??=[]).push(c);o(l),r("")}catch(s){r(s.message)}};M(()=>{f();let s=setInterval(f,kn);return()=>clearInterval(s)},[]);let h=async s=>{try{let b=await N("DrainWorker",{workerId:s});u(`${s}: ${Ae(b.state)}`),f()}catch(b){r(b.message)}};return m`
    <h1>Workers</h1>
    ${a?m`<p class="error" role="alert">${a}</p>`:null}
    ${i?m`<p class="notice" role="status">${i}</p>`:null}
    ${e.length===0?m`<p class="muted">No workers have connected.</p>`:null}
    <div class="cards">
      ${e.map(s=>m`
          <article class="card worker" key=${s.workerId} data-worker=${s.workerId}
            aria-label=${`Worker ${s.workerId}`}>
            <header>
              <h2 class="mono">${s.workerId}</h2>
              <span class=${`badge w-${Ae(s.state).toLowerCase()}`}>${Ae(s.state)}</span>
            </header>
            <${tn} used=${Math.min(s.running,s.slots)} total=${s.slots} label="slots" />
            ${s.queueDepth?m`
                <p class="muted" data-queued>
                  ${Math.max(0,s.running-s.slots)} of ${s.queueDepth} queued for a free slot
                </p>
              `:null}
            ${_e(s.capacity)?An(s.capacity,s.allocated):null}
            <dl>
              <dt>Last contact</dt><dd title=${s.lastHeartbeat}>${Z(s.lastHeartbeat)}</dd>
              <dt>Connected</dt><dd title=${s.connectedAt}>${Z(s.connectedAt)}</dd>
              ${s.isolation?m`
                  <dt>Isolation</dt>
                  <dd>${s.isolation}</dd>
                `:null}
              <dt>Address</dt><dd class="mono">${s.address||"\u2014"}</dd>
              <dt>Version</dt><dd>${s.version||"\u2014"}</dd>
              <dt>Completed</dt><dd>${s.completed}</dd>
              <dt>Labels</dt><dd>${Object.keys(s.labels).length?Object.entries(s.labels).map(([b,l])=>m`
                    <span class="tag">${b}=${l}</span>
                  `):"\u2014"}</dd>
            </dl>
            <details>
              <summary>${(n[s.workerId]??[]).length} running attempt(s)</summary>
              <ul class="attempts">
                ${(n[s.workerId]??[]).map(b=>m`
                    <li><a href=${`#/jobs/${b.jobId}`} class="mono">${b.name||Q(b.jobId)}</a>
                      #${b.attempt} <span class="muted cmd">${b.command}</span></li>
                  `)}
              </ul>
            </details>
            ${s.state==="WORKER_STATE_HEALTHY"?m`<button class="danger" onClick=${()=>h(s.workerId)}>Drain ${s.workerId}</button>`:null}
          </article>
        `)}
    </div>
  `}var Mn=3e3;function Pn(){let[e,t]=y(location.hash||"#/jobs");return M(()=>{let n=()=>t(location.hash||"#/jobs");return addEventListener("hashchange",n),()=>removeEventListener("hashchange",n)},[]),e}var Rn=[["#/jobs","Jobs"],["#/submit","Submit"],["#/workers","Workers"],["#/queues","Queues & schedules"],["#/charts","Charts"]];function Nn({onLogout:e}){let t=Pn(),[n,o]=y(!1),[a,r]=y("");M(()=>{Te().then(l=>{l.manager.role==="leader"&&r(`leader \xB7 term ${l.manager.term}`)}).catch(()=>{})},[]),M(()=>{Promise.all([oe("ListQueues"),oe("ListSchedules")]).then(([l,c])=>o(l||c)).catch(()=>{})},[]);let i=Rn.filter(([l])=>l!=="#/queues"||n),[u,f=""]=t.slice(1).split("?"),h=u.split("/").filter(Boolean),s;h[0]==="jobs"&&h[1]?s=m`<${Yt} jobId=${h[1]} />`:h[0]==="submit"?s=m`<${en} from=${new URLSearchParams(f).get("from")??""} />`:h[0]==="workers"?s=m`<${nn} />`:h[0]==="queues"?s=m`<${Zt} />`:h[0]==="charts"?s=m`<${jt} />`:s=m`<${Kt} />`;let b="#/"+(h[0]??"jobs");return m`
    <a class="skip" href="#main" onClick=${l=>{l.preventDefault(),document.getElementById("main")?.focus()}}>Skip to content</a>
    <header class="top">
      <a class="brand" href="#/jobs">Titan</a>
      ${a?m`<span class="badge role" title="This manager leads the cluster">${a}</span>`:null}
      <nav aria-label="Sections">
        ${i.map(([l,c])=>m`
            <a href=${l} aria-current=${b===l?"page":void 0}>${c}</a>
          `)}
      </nav>
      ${Ee()?m`<button class="link" onClick=${e}>Sign out</button>`:null}
    </header>
    <main id="main" tabIndex="-1">${s}</main>
  `}function Dn(){let[e,t]=y("checking"),[n,o]=y(""),a=async()=>{try{await N("ListWorkers",{}),t("in"),o("")}catch(r){r instanceof X&&r.code==="UNAVAILABLE"?(o(r.message),t("unavailable"),setTimeout(a,Mn)):r instanceof X&&r.code==="UNAUTHENTICATED"?(Ee()&&o(`The manager refused this token: ${r.message}`),Ie(""),t("login")):(o(String(r.message)),t("login"))}};return M(()=>{a()},[]),e==="checking"?m`<p class="muted center">Connecting…</p>`:e==="unavailable"?m`
      <main class="login" id="main">
        <h1>Titan</h1>
        <p class="notice" role="status">This manager serves nothing right now: ${n}</p>
        <p class="muted">The page tries again every few seconds.</p>
      </main>
    `:e==="login"?m`<${Xt} error=${n} onToken=${r=>{Ie(r),t("checking"),a()}} />`:m`<${Nn} onLogout=${()=>{Ie(""),t("login")}} />`}$t(m`<${Dn} />`,document.getElementById("app"));
