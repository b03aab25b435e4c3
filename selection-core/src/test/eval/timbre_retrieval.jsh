// Timbre retrieval experiment on the reference corpus of make_timbre_norm.sh: each GM phrase is cut in
// halves; for every first half, is the most similar second half (cosine) the same program? Compares
// weightings of the 64 dimensions (z-scores from the whole corpus). Run from the worktree root after
// make_timbre_norm.sh (see notes/tonal.md for the class path):
//   jshell --class-path "$CP" -R-Dcorpus=selection-core/target/timbre-corpus selection-core/src/test/eval/timbre_retrieval.jsh
import dev.selection.core.internal.dsp.timbre.*;
import dev.selection.core.internal.dsp.tonal.WavFiles;
import dev.selection.api.spi.AudioExcerpt;
import java.nio.file.*;
import java.util.*;
var all = new ArrayList<Path>();
try (var s = Files.list(Path.of(System.getProperty("corpus", "selection-core/target/timbre-corpus")))) { s.filter(p -> p.toString().endsWith(".wav")).sorted().forEach(all::add); }
var ex = new TimbreExtractor();
var rawAll = new ArrayList<double[]>();
for (var f : all) { var pcm = WavFiles.read(f); rawAll.add(ex.rawFeatures(List.of(new AudioExcerpt(pcm.samples(), 22050, 0))).orElseThrow()); }
double[] mu = new double[64], sd = new double[64];
for (var r : rawAll) for (int i = 0; i < 64; i++) mu[i] += r[i] / rawAll.size();
for (var r : rawAll) for (int i = 0; i < 64; i++) sd[i] += (r[i]-mu[i])*(r[i]-mu[i]) / rawAll.size();
for (int i = 0; i < 64; i++) sd[i] = Math.sqrt(sd[i]);
var gm = new ArrayList<Path>(); for (var p : all) if (p.toString().matches(".*_gm\\d+\\.wav")) gm.add(p);
var A = new ArrayList<double[]>(); var B = new ArrayList<double[]>();
for (var f : gm) { var x = WavFiles.read(f).samples(); int h = x.length/2;
  A.add(ex.rawFeatures(List.of(new AudioExcerpt(Arrays.copyOfRange(x,0,h),22050,0))).orElseThrow());
  B.add(ex.rawFeatures(List.of(new AudioExcerpt(Arrays.copyOfRange(x,h,x.length),22050,0))).orElseThrow()); }
double[] vec(double[] r, double[] w) { double[] z = new double[64]; double n=0; for (int i=0;i<64;i++){ z[i]=(r[i]-mu[i])/sd[i]*w[i]; n+=z[i]*z[i];} n=Math.sqrt(n); for(int i=0;i<64;i++) z[i]/=n; return z; }
void eval(String name, double[] w) { int hit=0; double same=0, diff=0; int nd=0;
  for (int i=0;i<A.size();i++){ double[] a=vec(A.get(i),w); int best=-1; double bs=-2;
    for (int j=0;j<B.size();j++){ double[] b=vec(B.get(j),w); double s=0; for(int k=0;k<64;k++) s+=a[k]*b[k]; if(s>bs){bs=s;best=j;} if(i==j) same+=s; else {diff+=s;nd++;} }
    if(best==i) hit++; }
  System.out.printf("%-28s top1 %2d/%d  same %.3f diff %.3f%n", name, hit, A.size(), same/A.size(), diff/nd); }
double[] w = new double[64]; Arrays.fill(w,1); eval("all 64", w);
w = new double[64]; for(int i=0;i<32;i++) w[i]=1; eval("means only", w);
w = new double[64]; for(int i=0;i<20;i++){w[i]=1;w[32+i]=1;} eval("mfcc mean+std", w);
w = new double[64]; for(int i=1;i<20;i++){w[i]=1;} eval("mfcc1-19 means", w);
w = new double[64]; Arrays.fill(w,1); for(int i=32;i<64;i++) w[i]=0.5; eval("stds half weight", w);
w = new double[64]; Arrays.fill(w,1); w[0]=0; w[32]=0; eval("no c0", w);
w = new double[64]; for(int i=0;i<27;i++) w[i]=1; eval("mfcc+contrast means", w);
/exit
